"""Settings for every environment, read from environment variables (listed in .env.example)."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> None:
    """KEY=VALUE lines from a local .env (developers' machines only); the real environment wins."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            os.environ.setdefault(key.strip(), value.strip())


_read_dotenv(BASE_DIR / ".env")


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

# The key of the audit trail's hash chain (pcso/auditchain.py). Keep it out of the database and
# its backups, and keep it when SECRET_KEY rotates; derived from SECRET_KEY when not set.
AUDIT_SEAL_KEY = (
    envstr("AUDIT_SEAL_KEY", "") or hashlib.sha256(f"pcso.audit.seal:{SECRET_KEY}".encode()).hexdigest()
)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = envstr("SITE_URL", "http://localhost:8000")
SITE_NAME = envstr("SITE_NAME", "pcso")

INSTALLED_APPS = [
    "pcso",
    "engagement",
    "patrols",
    "intelligence",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "guardian",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    *envlist("EXTRA_APPS", ""),  # the test run adds its test-only app here
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pcso.offline.OutboxLookMiddleware",  # the outbox's look at a page leaves its messages unread
    "pcso.limits.RequestLimitMiddleware",  # before anything reads the body
    "pcso.middleware.SessionLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "pcso.middleware.AuditContextMiddleware",
    "pcso.once.FormKeyMiddleware",
    "pcso.middleware.KeptFragmentsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

# What one request may carry (pcso/limits.py refuses more with a clear page, before reading it):
# a body of 2.5 MB on every page (a neighbourhood boundary of 200,000 characters fits, encoded),
# 1,000 fields; a page taking a file declares its own limit. Uploaded files over 2.5 MB are
# streamed to a temporary file, not held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "pcso.urls"
WSGI_APPLICATION = "pcso.wsgi.application"
ASGI_APPLICATION = "pcso.asgi.application"

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
                "pcso.context_processors.site",
            ],
            # {% form_key %} in every form that makes or moves a record (pcso/once.py).
            "builtins": ["pcso.templatetags.once"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pcso"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# PostgreSQL with work done just before a commit (pcso/db/base.py: the kept pages' generations).
DATABASES["default"]["ENGINE"] = "pcso.db"
# Behind PgBouncer in transaction pooling, a server-side cursor (QuerySet.iterator(), which the
# CSV exports stream with) cannot outlive a transaction: turn them off there.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DB_DISABLE_SERVER_SIDE_CURSORS", "false")
# Nothing waits for ever on the database (seconds; 0 turns one off). A connection is given up
# after 3 s (a healthy server answers in milliseconds; an officer in the street waits no longer);
# a statement after 15 s (a page's take milliseconds; exports fetch in pieces); a transaction
# left idle after 30 s, its locks released (above the 20 s a reminder's e-mail may hold its row).
# Our side gives up on an answer after the statement timeout too (pcso/db/base.py): a hung or
# unreachable server never sends its own. Each page then answers 503 (pcso/outage.py).
# Migrations and imports lift the limits for their long statements (pcso.db.unhurried).
_statement_timeout = envint("DB_STATEMENT_TIMEOUT", "15")
_idle_in_transaction_timeout = envint("DB_IDLE_IN_TRANSACTION_TIMEOUT", "30")
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["connect_timeout"] = envint("DB_CONNECT_TIMEOUT", "3")
_db_options["options"] = " ".join(
    filter(
        None,
        [
            _db_options.get("options", ""),
            f"-c statement_timeout={_statement_timeout}s",
            f"-c idle_in_transaction_session_timeout={_idle_in_transaction_timeout}s",
        ],
    )
)
DATABASES["default"]["ANSWER_TIMEOUT"] = _statement_timeout or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Set where migrations run (as the owner): the role web, worker and beat log in as, created if
# missing and granted what they need after every migrate; only INSERT and SELECT on the audit trail.
DATABASE_RUNTIME_ROLE = envstr("DATABASE_RUNTIME_ROLE", "")
DATABASE_RUNTIME_PASSWORD = envstr("DATABASE_RUNTIME_PASSWORD", "")

AUTH_USER_MODEL = "pcso.Officer"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # django-guardian: no "AnonymousUser" officer account
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes): per collar number and per address.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", "15"))
# Locked per collar number (from any address) and per collar number and address; never by address
# alone, so an officer's own successful login clears only their own failures, and behind a proxy
# one person's mistakes never lock out everyone who shares its address.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "pcso.limits.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "pcso.middleware.client_ip"

# Sessions: an idle timeout (renewed on every request) and an absolute limit.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", "30") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", "12") * 3600

SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Behind one TLS-terminating proxy: trust its X-Forwarded-Proto, and the last address it appended
# to X-Forwarded-For as the client's (for the audit trail and the login records).
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", "false")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Map tiles come from a configured URL template ({z}/{x}/{y}); empty means shapes on a blank map.
MAP_TILE_URL = envstr("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = envstr("MAP_TILE_ATTRIBUTION", "")


def _tile_origin(url: str) -> list[str]:
    if not url:
        return []
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return [f"{scheme}://{host}"]


# Content Security Policy: our own scripts and styles only; nothing inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_tile_origin(MAP_TILE_URL)],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],  # the service worker, /sw.js (pcso/offline.py)
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
# English and Welsh: forces in Wales offer a Welsh interface. Each language is named in itself.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", "") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed files from collectstatic in production; served from the source folders otherwise.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "false" if DEBUG else "true")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail through Django 6.1's MAILERS: console on a developer's machine, SMTP in production.
_mail_backend = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options: dict = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": envstr("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", "25"),
        "username": envstr("EMAIL_HOST_USER", ""),
        "password": envstr("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", "false"),
        "timeout": 20,
    }
elif _mail_backend.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": envstr("EMAIL_FILE_PATH", str(BASE_DIR / ".run" / "mail"))}
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "pcso@localhost")

# Celery: Redis in production; kombu's filesystem transport where no Redis answers.
CELERY_BROKER_URL = envstr("REDIS_URL", "redis://127.0.0.1:6379/0")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(envstr("CELERY_FILESYSTEM_DIR", str(BASE_DIR / ".broker")))
    _broker_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The cache keeps rendered home-page panels until the data behind them changes (pcso/fresh.py):
# Redis where Celery has it, else no cache at all (a cache in one process would miss the
# changes the others make).
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": envstr("CACHE_URL", CELERY_BROKER_URL),
            "KEY_PREFIX": "pcso",
            # A Redis that does not answer makes pages computed afresh, never pages that wait.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# How long a kept fragment may be served at most (seconds); 0 renders every one afresh.
FRAGMENT_CACHE_SECONDS = envint("FRAGMENT_CACHE_SECONDS", "60")
# How long a one-time form key is remembered (pcso/once.py): longer than any phone keeps a form.
FORM_KEY_DAYS = envint("FORM_KEY_DAYS", "30")
# Notice numbers an officer's phone holds for issuing without signal, like a ticket book.
NOTICE_BLOCK_SIZE = envint("NOTICE_BLOCK_SIZE", "5")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tests only: a pause after each delivered reminder, so a test can kill a worker mid-run.
REMINDER_TEST_PAUSE_MS = envint("REMINDER_TEST_PAUSE_MS", "0")
CELERY_BEAT_SCHEDULE = {
    # Expires before the next tick: while the worker is down, runs do not pile up (each run
    # delivers everything due anyway).
    "deliver-due-reminders": {
        "task": "pcso.tasks.deliver_due_reminders",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Penalty notices unpaid past their time to pay move on; hourly, so a missed run costs little.
    "expire-unpaid-notices": {
        "task": "patrols.tasks.expire_unpaid_notices",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
    "forget-form-keys": {
        "task": "pcso.tasks.forget_form_keys",
        "schedule": 86400.0,
        "options": {"expires": 3600},
    },
    "seal-audit-trail": {
        "task": "pcso.tasks.seal_audit_trail",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Group contacts falling due: each due contact's reminders are written once, however often this runs.
    "scan-group-contacts": {
        "task": "engagement.tasks.scan_group_contacts",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
