"""Synthetic identifiers that pass the same checks as real ones, but can never be a real child's.

- NHS numbers start 999: the range the NHS keeps for test numbers, never issued to a patient.
  The tenth digit is the modulus 11 check digit (NHS Data Dictionary).
- UPNs follow the DfE layout: check letter, the 3-digit LA code, a 4-digit establishment
  number, 2-digit year of allocation, 3-digit serial (CIN census rule 1510 for the check letter).
- Postcodes are in the UK format only; they are not meant to exist.
"""

import random

from casebook.children.identifiers import upn_check_letter

# Outward codes of a fictional borough; each passes casebook.children.identifiers.is_valid_postcode.
_OUTWARD = ["NM1", "NM2", "NM3", "NM4", "NM5", "NM6", "NM7", "NM8", "NM9", "NM10", "NM11", "NM12", "NM14", "NM15"]
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def nhs_number(rng: random.Random) -> str:
    while True:
        body = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:  # a remainder giving 10 has no valid check digit: draw again
            return body + str(check)


def upn(rng: random.Random, *, la_code: str, year_allocated: int) -> str:
    body = f"{la_code}{rng.randrange(2000, 7000):04d}{year_allocated % 100:02d}{rng.randrange(1000):03d}"
    return upn_check_letter(body) + body


def postcode(rng: random.Random) -> str:
    letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"{rng.choice(_OUTWARD)} {rng.randrange(10)}{letters}"
