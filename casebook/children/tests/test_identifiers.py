"""NHS numbers, UPNs and postcodes. Valid examples are worked by hand in the comments."""

import pytest

from casebook.children.identifiers import (
    is_valid_nhs_number,
    is_valid_postcode,
    is_valid_upn,
    normalise_nhs_number,
    normalise_postcode,
    upn_check_letter,
)


# NHS number: weights 10..2 over the first nine digits; check = 11 - (sum mod 11), 11 -> 0, 10 -> invalid.
# 943 476 591|9: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
# 401 023 213|7: 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; 11 - 4 = 7.
# 010 000 001|0: 0+9+0+0+0+0+0+0+2 = 11; 11 mod 11 = 0; 11 - 0 = 11 -> check digit 0.
@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", " 943 476 5919 ", "943-476-5919", "4010232137",
                                  "0100000010"])
def test_valid_nhs_numbers(text):
    assert is_valid_nhs_number(text)


# 123 456 789|x: 10+18+24+28+30+30+28+24+18 = 210; 210 mod 11 = 1; 11 - 1 = 10: no valid check digit.
@pytest.mark.parametrize("text", [
    "9434765918",  # wrong check digit
    "4010232136",
    "1234567890", "1234567899",  # remainder gives 10: no check digit can be right
    "943476591",  # 9 digits
    "94347659190",  # 11 digits
    "94347659AB",
    "٩٤٣٤٧٦٥٩١٩",  # Arabic-Indic digits: not an NHS number, though Python's \\d matches them
    "", "   ", None,
])
def test_invalid_nhs_numbers(text):
    assert not is_valid_nhs_number(text)


def test_nhs_number_is_stored_without_spaces():
    assert normalise_nhs_number(" 943 476 5919 ") == "9434765919"
    assert normalise_nhs_number("９４３ ４７６ ５９１９") == "9434765919"  # full-width digits
    assert is_valid_nhs_number("９４３ ４７６ ５９１９")


# UPN: check letter = ABCDEFGHJKLMNPQRTUVWXYZ[sum(value x weight) mod 23] over characters 2-13, weights 2..13.
# 873 1234 25 001: 8*2+7*3+3*4+1*5+2*6+3*7+4*8+2*9+5*10+0*11+0*12+1*13 = 200; 200 mod 23 = 16 -> T.
# Temporary UPN 873 1234 25 00C: C is 2 in the letter table: 187 + 2*13 = 213; 213 mod 23 = 6 -> G.
def test_upn_check_letter_worked_by_hand():
    assert upn_check_letter("873123425001") == "T"
    assert upn_check_letter("87312342500C") == "G"


@pytest.mark.parametrize("text", ["T873123425001", "t873123425001", " T873123425001 ", "G87312342500C"])
def test_valid_upns(text):
    assert is_valid_upn(text)


@pytest.mark.parametrize("text", [
    "A873123425001",  # wrong check letter
    "U873123425001",
    "H87312342500C",  # temporary UPN with the wrong check letter
    "T87312342500I",  # I is not in the letter table
    "T87312342500O",
    "T87312342500",  # 12 characters
    "T8731234250011",  # 14 characters
    "8873123425001",  # no check letter
    "T87312342A001",  # a letter in the middle
    "T٨73123425001",  # an Arabic-Indic digit
    "", None,
])
def test_invalid_upns(text):
    assert not is_valid_upn(text)


@pytest.mark.parametrize("text", ["SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX",
                                  "EC1A 1BB", "GIR 0AA", "  ls1  4ap "])
def test_valid_postcodes(text):
    assert is_valid_postcode(text)


@pytest.mark.parametrize("text", ["SW1A 1A", "SW1A", "12345", "Q1 1AA", "SW1A 1CA", "SW1A 1AAA", "ZZZZ 9ZZ", "", None,
                                  "<script>"])
def test_invalid_postcodes(text):
    assert not is_valid_postcode(text)


def test_postcode_is_stored_in_the_standard_form():
    assert normalise_postcode(" sw1a1aa ") == "SW1A 1AA"
    assert normalise_postcode("m11ae") == "M1 1AE"
