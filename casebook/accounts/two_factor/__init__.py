"""Two-factor sign-in: a time-based code from an authenticator app (TOTP, RFC 6238) plus
single-use recovery codes, with django-otp's TOTPDevice and StaticDevice.

Required for the roles in accounts.models.TWO_FACTOR_ROLES (and for everyone with
CASEBOOK["TWO_FACTOR_FOR_ALL"]) when CASEBOOK["TWO_FACTOR_REQUIRED"] is on; see
casebook.accounts.middleware.
"""
