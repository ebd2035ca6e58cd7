"""Settings for the test suite: the real settings with test-only values filled in."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DEMO_ENABLED", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; Argon2 is tested on its own
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Other apps' tests sign in without a second factor; the two-factor tests turn it on themselves.
CASEBOOK = {**CASEBOOK, "TWO_FACTOR_REQUIRED": False}  # noqa: F405
