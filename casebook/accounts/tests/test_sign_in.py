"""Signing in through the real form, lockout after repeated failures, idle session expiry, sign-out."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
SIGN_IN = reverse("accounts:sign-in")


@pytest.fixture
def worker(db):
    return UserFactory(email="ruth.adeyemi@example.gov.uk", role=Role.SOCIAL_WORKER)


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": email, "password": password, **extra})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_sign_in_with_email_and_password(client, worker):
    response = sign_in(client, worker.email)
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert signed_in_user_id(client) == str(worker.pk)


def test_email_is_not_case_sensitive(client, worker):
    assert sign_in(client, "  Ruth.Adeyemi@EXAMPLE.gov.uk ").status_code == 302
    assert signed_in_user_id(client) == str(worker.pk)


def test_wrong_password_and_unknown_email_give_the_same_message(client, worker):
    wrong = sign_in(client, worker.email, "not-the-password")
    unknown = sign_in(client, "nobody@example.gov.uk")
    for response in (wrong, unknown):
        body = response.content.decode()
        assert response.status_code == 200
        assert "<title>Error: Sign in" in body
        assert "Enter a correct email address and password" in body
        assert 'class="govuk-error-summary"' in body
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"username": "", "password": PASSWORD}, "username", "Enter your email address"),
    ({"username": "ruth.adeyemi", "password": PASSWORD}, "username",
     "Enter an email address in the correct format, like name@example.gov.uk"),
    ({"username": "ruth.adeyemi@example.gov.uk", "password": ""}, "password", "Enter your password"),
    ({"username": "r" * 250 + "@example.gov.uk", "password": PASSWORD}, "username", None),
])
def test_sign_in_form_errors(client, worker, data, field, message):
    response = client.post(SIGN_IN, data)
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    error = re.search(rf'id="id_{field}-error"[^>]*>(.*?)</p>', body, re.DOTALL)
    assert error, body
    if message:
        assert message in error.group(1)
    assert signed_in_user_id(client) is None


def test_the_password_is_not_echoed_back_after_an_error(client, worker):
    body = sign_in(client, worker.email, "my-secret-guess").content.decode()
    assert "my-secret-guess" not in body


def test_next_is_followed_only_within_the_site(client, worker):
    assert sign_in(client, worker.email, next="/children/").headers["Location"] == "/children/"
    client.logout()
    assert sign_in(client, worker.email, next="https://evil.example/").headers["Location"] == reverse("core:home")


def test_lockout_after_five_failures(client, worker):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = sign_in(client, worker.email, "wrong-password")
        assert response.status_code == 200 and "Enter a correct email address and password" in response.content.decode()
    locked = sign_in(client, worker.email, "wrong-password")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    # Even the right password is refused while locked out.
    after = sign_in(client, worker.email)
    assert after.status_code == 429 and signed_in_user_id(client) is None


def test_lockout_is_per_account(client, worker):
    other = UserFactory(email="sam.other@example.gov.uk")
    for _ in range(5):
        sign_in(client, worker.email, "wrong-password")
    assert sign_in(client, other.email).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, worker):
    for _ in range(4):
        sign_in(client, worker.email, "wrong-password")
    assert sign_in(client, worker.email).status_code == 302
    client.post(reverse("accounts:sign-out"))
    for _ in range(4):
        sign_in(client, worker.email, "wrong-password")
    assert sign_in(client, worker.email).status_code == 302


def test_client_login_needs_the_request_because_of_axes(client, worker):
    assert client.login(request=HttpRequest(), username=worker.email, password=PASSWORD)


def test_inactive_and_demo_users_cannot_sign_in(client, worker, settings):
    worker.is_active = False
    worker.save()
    assert sign_in(client, worker.email).status_code == 200
    demo = UserFactory(email="demo.worker@example.gov.uk", is_demo=True)
    settings.DEMO_ENABLED = False
    assert sign_in(client, demo.email).status_code == 200
    assert signed_in_user_id(client) is None
    settings.DEMO_ENABLED = True
    assert sign_in(client, demo.email).status_code == 302


def test_session_settings_expire_after_thirty_minutes_idle():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_an_idle_session_expires_but_an_active_one_does_not(client, worker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client.force_login(worker)
        home = reverse("core:home")
        for _ in range(3):  # a request every 25 minutes keeps the session alive
            traveller.shift(timedelta(minutes=25))
            assert client.get(home).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(home)
        assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def test_sign_out_is_a_post(client, worker):
    client.force_login(worker)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert signed_in_user_id(client) == str(worker.pk)
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:signed-out")
    assert signed_in_user_id(client) is None
    assert client.get(reverse("core:home")).status_code == 302
    assert "You have signed out" in client.get(reverse("accounts:signed-out")).content.decode()


def test_every_page_shows_sign_out_as_a_form_button(client, worker):
    client.force_login(worker)
    body = client.get(reverse("core:home")).content.decode()
    assert re.search(r'<form method="post" action="/accounts/sign-out/"[^>]*>\s*<input type="hidden" '
                     r'name="csrfmiddlewaretoken"', body)


def test_passwords_are_hashed_with_argon2_in_production(settings):
    import config.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the test settings use a fast hasher
    assert make_password("a long passphrase").startswith("argon2$argon2id$")


def test_user_model_signs_in_by_email(worker):
    from django.contrib.auth import get_user_model

    assert get_user_model().USERNAME_FIELD == "email"
    assert worker.full_name and str(worker) == worker.full_name
