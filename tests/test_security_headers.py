"""Security headers, production cookie settings, `check --deploy`, and no inline script or style
on any page (the Content Security Policy would block it)."""

import os
import re
import secrets
import subprocess  # nosec B404
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from casebook.access_audit.tests.test_url_access import AUDIENCE_EXPECTED, URLS, _kwargs
from casebook.accounts.models import Role

ROOT = Path(__file__).resolve().parent.parent
# The test process sets these for itself (conftest.py, config/settings_test.py); production does not.
TEST_ONLY_ENV = ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "TWO_FACTOR_REQUIRED",
                 "DEMO_ENABLED", "DJANGO_SETTINGS_MODULE")


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    return {**env, "SECRET_KEY": secrets.token_urlsafe(50), **extra}


def test_headers_on_a_page(client, world):
    response = client.get(reverse("accounts:sign-in"), secure=True)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"


def test_signed_in_pages_carry_the_same_headers(client, world):
    client.force_login(world["allocated_worker"])
    response = client.get(reverse("children:summary", args=[world.child.casebook_id]), secure=True)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "no-cache" in response.get("Cache-Control", "") or response.get("Cache-Control") is None


def _settings_with(debug: bool) -> dict:
    code = ("import config.settings as s, json; print(json.dumps({k: getattr(s, k) for k in ["
            "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
            "'SESSION_COOKIE_HTTPONLY', 'X_FRAME_OPTIONS']} | {'2fa': s.CASEBOOK['TWO_FACTOR_REQUIRED']}))")
    env = _production_env(DEBUG=str(debug).lower())
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # nosec
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_secure_cookies_hsts_and_two_factor():
    production = _settings_with(debug=False)
    assert production == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True,
                          "SECURE_HSTS_SECONDS": 63072000, "SESSION_COOKIE_HTTPONLY": True, "X_FRAME_OPTIONS": "DENY",
                          "2fa": True}
    development = _settings_with(debug=True)
    assert development["SESSION_COOKIE_SECURE"] is False and development["SECURE_HSTS_SECONDS"] == 0
    assert development["2fa"] is False


def test_check_deploy_is_clean():
    env = _production_env(DEBUG="false", ALLOWED_HOSTS="casebook.example.gov.uk")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--settings=config.settings",  # nosec
                             "--fail-level", "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---- No inline script or style anywhere ----------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _persona_for(spec, world):
    if spec.kind == "child":
        allowed = AUDIENCE_EXPECTED[spec.audience]
        return next(p for p in ("allocated_worker", "team_manager", "auditor") if p in allowed)
    if spec.kind == "roles":
        return next(name for name, user in world.personas.items() if user.role in spec.roles)
    return "allocated_worker"


def inline_problems(html: str) -> list[str]:
    problems = []
    for label, pattern in (("inline <script>", INLINE_SCRIPT), ("style attribute", STYLE_ATTR),
                           ("<style> element", STYLE_ELEMENT), ("event handler attribute", EVENT_HANDLER),
                           ("javascript: URL", JS_URL)):
        problems += [f"{label}: {m.group(0)[:80]}" for m in pattern.finditer(html)]
    return problems


def test_the_scanner_finds_what_csp_would_block():
    assert len(inline_problems('<script>alert(1)</script><p style="x"><a onclick="y" href="javascript:z">'
                               "<style>p{}</style>")) == 5
    assert inline_problems('<script type="module" src="/static/js/app.js"></script><p class="govuk-body">') == []


PAGES = [(name, cb) for name, _, cb, _ in URLS if getattr(cb, "casebook_access", None)]


@pytest.mark.parametrize(("url_name", "callback"), PAGES, ids=[p[0] for p in PAGES])
def test_no_page_has_inline_script_or_style(client, world, url_name, callback):
    spec = callback.casebook_access
    args = next(a for n, _, _, a in URLS if n == url_name)
    if spec.kind != "public":
        client.force_login(world[_persona_for(spec, world)])
    response = client.get(reverse(url_name, kwargs=_kwargs(url_name, args, world)))
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        pytest.skip(f"{url_name} gave {response.status_code} {response['Content-Type']}: nothing to scan")
    problems = inline_problems(response.content.decode())
    assert not problems, f"{url_name}: {problems[:5]}"
