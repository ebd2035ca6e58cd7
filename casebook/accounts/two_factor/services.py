"""Writes and checks for two-factor sign-in.

NCSC guidance on multi-factor authentication for online services asks for a second factor on
accounts with access to sensitive data, and for a way back in (recovery codes) that does not
weaken it: each recovery code works once and is shown to the user once.
"""

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class CodeRejected(Exception):
    """The code was wrong, expired, already used, or too many wrong codes were tried."""


def confirmed_app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed authenticator-app device being set up, created on first visit.

    Its secret is only shown while it is unconfirmed; once confirmed it is never shown again.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def totp_confirm(*, device: TOTPDevice, token: str, acting_user) -> list[str]:
    """Confirm a new authenticator app with a code from it and issue recovery codes.

    Raises CodeRejected when the code does not match; the device then stays unconfirmed. Not
    one transaction on purpose: the failed-attempt count must survive the rejection.
    """
    if device.user_id != acting_user.pk or device.confirmed:
        raise CodeRejected("This set-up has expired: start again")
    if not device.verify_is_allowed()[0]:
        raise CodeRejected("You have entered too many wrong codes: wait a minute, then try again")
    if not device.verify_token(_digits(token)):
        raise CodeRejected("The code is not correct or has expired: enter the latest code from your authenticator app")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Any other half-finished set-ups are stale now.
        TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
        return recovery_codes_issue(acting_user=acting_user)


@transaction.atomic
def recovery_codes_issue(*, acting_user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new single-use codes."""
    StaticDevice.objects.filter(user=acting_user).delete()
    device = StaticDevice.objects.create(user=acting_user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_check(*, user, token: str):
    """The device that accepts `token` (an app code, or a recovery code, which is then used up).

    Raises CodeRejected otherwise. Wrong codes count towards django-otp's throttling, which
    doubles the wait after each failure; so no transaction here that the rejection would undo.
    """
    token = token.strip().replace(" ", "").replace("-", "")
    devices = list(devices_for_user(user, confirmed=True, for_verify=True))
    if token.isdigit():
        candidates = [d for d in devices if isinstance(d, TOTPDevice)]
    else:
        token = token.lower()
        candidates = [d for d in devices if isinstance(d, StaticDevice)]
    if candidates and not any(d.verify_is_allowed()[0] for d in candidates):
        raise CodeRejected("You have entered too many wrong codes: wait a minute, then try again")
    for device in candidates:
        if device.verify_token(token):
            return device
    raise CodeRejected("The code is not correct: enter the latest code from your authenticator app, "
                       "or one of your recovery codes")


def _digits(token: str) -> str:
    return token.strip().replace(" ", "")
