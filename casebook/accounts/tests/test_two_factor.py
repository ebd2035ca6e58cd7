"""Two-factor sign-in: who is asked for a code, set-up with an authenticator app, recovery codes,
and GOV.UK errors for wrong codes. The setting is on here (the test settings turn it off)."""

import re
import time

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casebook.accounts.two_factor import services

SET_UP = reverse("accounts:two-factor-set-up")
VERIFY = reverse("accounts:two-factor-verify")


def required(**extra):
    return override_settings(CASEBOOK={**settings.CASEBOOK, "TWO_FACTOR_REQUIRED": True, **extra})


def app_code(device, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, t0=device.t0 - offset, step=device.step):06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = services.totp_device_pending(user=user)
    codes = services.totp_confirm(device=device, token=app_code(device), acting_user=user)
    return device, codes


@pytest.fixture(autouse=True)
def _two_factor_on():
    with required():
        yield


@pytest.mark.parametrize("persona", ["team_manager", "service_manager", "head_of_service", "auditor",
                                     "performance_analyst", "administrator"])
def test_roles_that_need_two_factor_are_sent_to_set_it_up(client, world, persona):
    client.force_login(world[persona])
    response = client.get(reverse("children:summary", args=[world.child.casebook_id]))
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP + "?next=")
    assert world.child.casebook_id in response["Location"]


@pytest.mark.parametrize("persona", ["allocated_worker", "mash_worker", "iro"])
def test_other_roles_are_not_asked_unless_the_council_says_so(client, world, persona):
    client.force_login(world[persona])
    assert client.get(reverse("core:home")).status_code == 200
    with required(TWO_FACTOR_FOR_ALL=True):
        response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)


def test_nobody_is_asked_when_the_setting_is_off(client, world):
    client.force_login(world["team_manager"])
    with override_settings(CASEBOOK={**settings.CASEBOOK, "TWO_FACTOR_REQUIRED": False}):
        assert client.get(reverse("core:home")).status_code == 200


def test_the_django_admin_is_behind_the_second_factor_too(client, world):
    client.force_login(world["administrator"])
    response = client.get("/django-admin/")
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)


def test_signing_out_works_before_the_second_factor(client, world):
    client.force_login(world["team_manager"])
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signed-out")


def test_set_up_page_shows_a_qr_code_and_the_key_as_text(client, world):
    client.force_login(world["team_manager"])
    response = client.get(SET_UP)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code', html)
    device = TOTPDevice.objects.get(user=world["team_manager"], confirmed=False)
    import base64
    secret = base64.b32encode(device.bin_key).decode()
    shown = re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1)
    assert shown.replace(" ", "") == secret
    # A second visit shows the same pending device, not a new one each time.
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=world["team_manager"]).count() == 1


@pytest.mark.parametrize(("code", "message"), [
    ("", "Enter the 6-digit code from your authenticator app"),
    ("12ab56", "Code must be 6 digits"),
    ("<script>", "Code must be 6 digits"),
    ("000000", "The code is not correct or has expired"),
])
def test_a_wrong_set_up_code_gives_a_govuk_error_and_confirms_nothing(client, world, code, message):
    client.force_login(world["team_manager"])
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=world["team_manager"])
    if code == "000000" and app_code(device) == "000000":
        code = "000001"
    response = client.post(SET_UP, {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: " in html
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.filter(device__user=world["team_manager"]).exists()


def test_confirming_the_app_shows_ten_recovery_codes_once_and_lets_the_user_in(client, world):
    manager = world["team_manager"]
    client.force_login(manager)
    client.get(SET_UP + "?next=/children/")
    device = TOTPDevice.objects.get(user=manager)
    response = client.post(SET_UP, {"code": app_code(device), "next": "/children/"})
    html = response.content.decode()
    assert response.status_code == 200
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    stored = sorted(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert len(shown) == 10 and sorted(shown) == stored
    assert 'href="/children/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200
    # Later visits to the recovery codes page show how many are left, never the codes.
    page = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert "10 unused recovery codes" in page and shown[0] not in page


def test_an_enrolled_user_must_enter_a_code_in_each_new_session(client, world):
    manager = world["team_manager"]
    device, _codes = enrol(manager)
    client.force_login(manager)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next=")
    # The set-up page cannot be used to replace the app without the existing one.
    assert client.get(SET_UP)["Location"] == VERIFY
    with time_machine.travel(time.time() + 60, tick=False):
        response = client.post(VERIFY, {"code": app_code(device), "next": "/children/"})
    assert response.status_code == 302 and response["Location"] == "/children/"
    assert client.get(reverse("core:home")).status_code == 200


def test_verify_refuses_a_wrong_code_with_a_govuk_error(client, world):
    manager = world["team_manager"]
    device, _codes = enrol(manager)
    client.force_login(manager)
    wrong = "123456" if app_code(device) != "123456" else "654321"
    response = client.post(VERIFY, {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 200 and "The code is not correct" in html and "govuk-error-summary" in html
    # An immediate second try is throttled (django-otp doubles the wait after each failure).
    response = client.post(VERIFY, {"code": app_code(device)})
    assert "too many wrong codes" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_verify_rejects_an_unsafe_next_url(client, world):
    manager = world["team_manager"]
    _device, codes = enrol(manager)
    client.force_login(manager)
    response = client.post(VERIFY, {"code": codes[0], "next": "https://attacker.example/"})
    assert response["Location"] == reverse("core:home")


def test_a_recovery_code_works_once(client, world):
    manager = world["team_manager"]
    _device, codes = enrol(manager)
    client.force_login(manager)
    response = client.post(VERIFY, {"code": codes[3].upper()}, follow=True)
    assert response.status_code == 200 and "You have 9 left" in response.content.decode()
    client.logout()
    client.force_login(manager)
    with time_machine.travel(time.time() + 5, tick=False):  # past the throttle-free window
        response = client.post(VERIFY, {"code": codes[3]})
    assert "The code is not correct" in response.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, world):
    manager = world["team_manager"]
    _device, old = enrol(manager)
    client.force_login(manager)
    client.post(VERIFY, {"code": old[0]})
    response = client.post(reverse("accounts:recovery-codes-new"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert sorted(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)) == sorted(new)


def test_new_recovery_codes_need_the_second_factor_first(client, world):
    worker = world["allocated_worker"]  # not required to use it, but has set it up
    enrol(worker)
    client.force_login(worker)
    with override_settings(CASEBOOK={**settings.CASEBOOK, "TWO_FACTOR_REQUIRED": False}):
        response = client.post(reverse("accounts:recovery-codes-new"))
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert StaticToken.objects.filter(device__user=worker).count() == 10


def test_someone_who_chose_to_set_it_up_is_asked_for_it(client, world):
    worker = world["allocated_worker"]
    enrol(worker)
    client.force_login(worker)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_factor_journey_is_accessible(page, sign_in_as, accessible, world, client):
    manager = world["auditor"]
    sign_in_as(manager)
    page.goto("/")
    assert page.url.split("?")[0].endswith(SET_UP)
    accessible(page)
    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Confirm and continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    accessible(page)
    device = TOTPDevice.objects.get(user=manager)
    page.get_by_label("Code from your authenticator app").fill(app_code(device))
    page.get_by_role("button", name="Confirm and continue").click()
    assert page.get_by_text("Two-factor sign-in is set up").is_visible()
    assert page.locator(".app-recovery-codes li").count() == 10
    accessible(page)
    codes = page.locator(".app-recovery-codes code").all_inner_texts()
    client.logout()  # a fresh session, as after signing in again
    sign_in_as(manager)
    page.goto("/")
    assert page.url.split("?")[0].endswith(VERIFY)
    accessible(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/")
    page.goto(reverse("accounts:recovery-codes"))
    accessible(page)
    assert not page.console_errors
