"""Check digits for the identifiers on a child's record.

- NHS number: 10 digits; the 10th is a modulus 11 check digit over the first nine with
  weights 10..2 (NHS Data Dictionary). A remainder giving 10 means the number is invalid.
- UPN (unique pupil number, DfE): 13 characters; a check letter, then 12 characters of which the
  last may be a letter (temporary UPNs). The check letter is sum(value x weight) mod 23 over
  characters 2-13 with weights 2..13, mapped onto ABCDEFGHJKLMNPQRTUVWXYZ; a letter in position
  13 takes its index in that alphabet as its value (CIN census rule 1510).
- Postcode: the UK format (not whether it exists).
"""

import re
import unicodedata

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def normalise_nhs_number(text: str) -> str:
    # NFKC turns full-width digits (typed with some keyboards) into ASCII ones.
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text or ""))


def is_valid_nhs_number(text: str) -> bool:
    digits = normalise_nhs_number(text)
    if not re.fullmatch(r"[0-9]{10}", digits):  # not \d: it matches other scripts' digits too
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it."""
    total = 0
    for weight, char in zip(range(2, 14), body, strict=True):
        total += _UPN_LETTERS.index(char) * weight if char.isalpha() else int(char) * weight
    return _UPN_LETTERS[total % 23]


def is_valid_upn(text: str) -> bool:
    upn = (text or "").strip().upper()
    if not re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", upn):
        return False
    if upn[12].isalpha() and upn[12] not in _UPN_LETTERS:
        return False
    return upn_check_letter(upn[1:]) == upn[0]


def normalise_postcode(text: str) -> str:
    compact = re.sub(r"\s+", "", (text or "").upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_valid_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(text)))
