"""Casebook settings: every value a council may change comes from the environment.

`.env.example` documents each variable. Production differs from development only through
environment variables; there is no separate production settings module.
"""

import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # the SQLite database, the dev secret key, demo logins, bench databases
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; missing file is fine

DEBUG = env.bool("DEBUG", default=False)


def _dev_secret_key() -> str:
    """A development key generated once into var/, so sessions survive restarts."""
    VAR_DIR.mkdir(exist_ok=True)
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _dev_secret_key()
else:
    SECRET_KEY = env.str("SECRET_KEY")  # required: raises ImproperlyConfigured if unset

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The council whose service this is: shown in the header, used in the DfE returns.
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Northmoor Borough Council")
LA_CODE = env.str("LA_CODE", default="873")  # the DfE 3-digit LEA code, for the CIN census
LA_ONS_CODE = env.str("LA_ONS_CODE", default="E10000003")  # the ONS code, for the SSDA903 return
SERVICE_PHASE = env.str("SERVICE_PHASE", default="Beta")

# Demo users (from `manage.py load_demo`) may sign in only where demo data is allowed.
DEMO_ENABLED = env.bool("DEMO_ENABLED", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    # Casebook, in the order of the child's journey; dependencies point upwards in this list.
    "casebook.core",
    "casebook.accounts",
    "casebook.children",
    "casebook.access_audit",
    "casebook.clocks",
    "casebook.episodes",
    "casebook.front_door",
    "casebook.assessments",
    "casebook.child_protection",
    "casebook.children_in_need",
    "casebook.looked_after",
    "casebook.plans",
    "casebook.visits",
    "casebook.oversight",
    "casebook.workforce",
    "casebook.statutory_returns",
    "casebook.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casebook.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casebook.core.context_processors.service",
                "casebook.core.context_processors.navigation",
            ],
            "builtins": ["casebook.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "casebook.core.forms.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'casebook.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions avoid "database is locked" on concurrent writes; WAL lets reads continue.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Only the leaders' overview uses the cache: its current week's council-wide counts, for five
# minutes (casebook/workforce/snapshots.py). Each server process keeping its own copy is enough.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "casebook.accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"

# Lockout after repeated failures (django-axes): per account and address, for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Behind a TLS-terminating proxy in production; all of this is on unless DEBUG.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Two-factor sign-in (django-otp): the name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default=f"Casebook {COUNCIL_NAME}")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("app", BASE_DIR / "frontend" / "build"),
    ("govuk/assets/images", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets" / "images"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Local practice settings: statutory timescales fixed by law live in casebook/clocks/timescales.py;
# the values a council sets locally are here, each overridable from the environment.
CASEBOOK = {
    "MASH_DECISION_WORKING_DAYS": {"red": env.int("MASH_RED_WD", default=0),
                                    "amber": env.int("MASH_AMBER_WD", default=1),
                                    "green": env.int("MASH_GREEN_WD", default=1)},
    "WORKING_DAY_START_HOUR": env.int("WORKING_DAY_START_HOUR", default=9),
    "WORKING_DAY_END_HOUR": env.int("WORKING_DAY_END_HOUR", default=17),
    "ALLOCATION_WAIT_LIMIT_WD": env.int("ALLOCATION_WAIT_LIMIT_WD", default=5),
    "SIGN_OFF_BY_DIFFERENT_MANAGER": env.bool("SIGN_OFF_BY_DIFFERENT_MANAGER", default=True),
    "BREAK_GLASS_HOURS": env.int("BREAK_GLASS_HOURS", default=8),
    "TWO_FACTOR_FOR_ALL": env.bool("TWO_FACTOR_FOR_ALL", default=False),
    # Off only for local development and the test suite: roles in TWO_FACTOR_ROLES must then use a code.
    "TWO_FACTOR_REQUIRED": env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Request logs carry URLs (IDs, never names); keep Django's 4xx noise out of the console.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}
