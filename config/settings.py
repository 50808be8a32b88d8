"""Settings for Pestzaak, read from the environment (django-environ).

Without any environment the app runs on the embedded default: SQLite under var/ and
kombu's filesystem transport as Celery broker, so a newcomer needs no servers. Set
DATABASE_URL / CELERY_BROKER_URL for PostgreSQL and Redis (docker-compose, CI).
"""
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The development key only works with DEBUG on; production must set DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "people",
    "protocol",
    "incidents",
    "monitoring",
]

MIDDLEWARE = [
    # The students' anonymous survey API runs a short stack of its own (config/lean.py).
    "config.lean.SurveyPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Cache-Control: no-store, private on every answer but static files (student data).
    "people.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Dutch unless the user chose English with the switch (not the browser's language).
    "people.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Opens the request's transaction and sets the tenant for row-level security.
    "people.middleware.TenantMiddleware",
    # Two-factor log-in (django-otp): sessions that still need their code see only the code page.
    "people.otp_middleware.TwoFactorMiddleware",
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
                "django.template.context_processors.i18n",
                "people.context_processors.navigation",
                "people.notification_context.header",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pestzaak.sqlite3'}"),
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # Behind PgBouncer in transaction mode (bench/pgbouncer/run.sh, bench/README.md) a
    # server-side cursor could outlive the transaction's server connection: turn them off.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DATABASE_POOLED_TRANSACTIONS", default=False)
    # No JIT compilation: our queries are short OLTP reads whose cost estimates (hashed
    # subplans over a board's cases) pass jit_above_cost, and compiling took 200 of a list
    # query's 390 ms at platform size (bench/README.md). Behind PgBouncer, which drops this
    # startup option, set it on the role instead: ALTER ROLE pestzaak_app SET jit = off.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off " + DATABASES["default"]["OPTIONS"].get("options", "")
# The demo (bin/run) and the browser tests write from several threads and processes at
# once (web, worker, beat). WAL lets readers go on while one writes; IMMEDIATE takes the
# write lock when a transaction begins, so a read-then-write request waits its turn (up to
# "timeout" seconds) instead of failing with "database is locked" (a 500).
# tests/people/test_sqlite_concurrency.py proves it with threads.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
# The PostgreSQL role the application runs as (NOSUPERUSER NOBYPASSRLS), so that row-level
# security applies. Migrations run as the login role of DATABASE_URL (the tables' owner).
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", default="pestzaak_app")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor log-in (people.otp): required for every role that reads case dossiers (and
# administrators), optional for teachers and support staff. bin/run's demo turns it off.
OTP_REQUIRED_FOR_DOSSIER_ROLES = env.bool("OTP_REQUIRED_FOR_DOSSIER_ROLES", default=True)
OTP_TOTP_ISSUER = "Pestzaak"
OTP_TOTP_THROTTLE_FACTOR = 1  # 1, 2, 4, 8 … seconds after each wrong code
OTP_STATIC_THROTTLE_FACTOR = 1
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user row; object permissions live in direct
# foreign-key tables per model (see people.models), not the generic ones.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# django-axes: lock an e-mail address out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"
# The client's address, one rule everywhere (people.client_ip): X-Forwarded-For is read
# only as far as our own proxies reach. 0 = no proxy in front of the app (the header is
# ignored); 1 = one reverse proxy (nginx, a load balancer) that appends the address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "people.client_ip.axes_client_ip"
# Failed log-ins per address across all accounts (page and token API), and password-reset
# mails per address and per e-mail address (people.ratelimit).
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_FAILURES_WINDOW_SECONDS = env.int("LOGIN_FAILURES_WINDOW_SECONDS", default=15 * 60)
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=10)
PASSWORD_RESETS_PER_EMAIL = env.int("PASSWORD_RESETS_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=60 * 60)
# Talk requests after the thermometer (monitoring.talk): the thank-you page's token lapses
# after two hours; per address and per token a few requests an hour.
TALK_REQUEST_TOKEN_SECONDS = env.int("TALK_REQUEST_TOKEN_SECONDS", default=2 * 60 * 60)
TALK_REQUESTS_PER_ADDRESS = env.int("TALK_REQUESTS_PER_ADDRESS", default=5)
TALK_REQUESTS_PER_TOKEN = env.int("TALK_REQUESTS_PER_TOKEN", default=2)
TALK_REQUEST_WINDOW_SECONDS = env.int("TALK_REQUEST_WINDOW_SECONDS", default=60 * 60)
# Lock-out is per account, not per IP address: a whole school often shares one address,
# and one pupil must not be able to lock every teacher out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Rate limits (survey codes, public reports) count in the cache: it must be shared by all
# web processes in production (CACHE_URL=redis://…); the embedded default is per process.
# Argon2id first (people/hashers.py says why and with which parameters); the others only
# verify old hashes, which Django upgrades to Argon2id at the next successful log-in.
PASSWORD_HASHERS = [
    "people.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static_root"))
MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Pestzaak <noreply@pestzaak.example>")
SITE_URL = env("SITE_URL", default="http://localhost:8000")

# --- Every setting the code reads is declared here (no getattr with a hidden default) ---
# Notifications: a claimed but unsent e-mail is released for another try after this.
NOTIFICATION_CLAIM_TIMEOUT_SECONDS = env.int("NOTIFICATION_CLAIM_TIMEOUT_SECONDS", default=600)
# Evidence uploads (screenshots of digital bullying, seed 000 §5.1 step 3).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# The public report page: a form sent sooner than this after it was shown is a robot's.
PUBLIC_REPORT_MIN_SECONDS = env.int("PUBLIC_REPORT_MIN_SECONDS", default=5)
PUBLIC_REPORT_LIMIT_PER_ADDRESS = env.int("PUBLIC_REPORT_LIMIT_PER_ADDRESS", default=5)
PUBLIC_REPORT_LIMIT_PER_BRANCH = env.int("PUBLIC_REPORT_LIMIT_PER_BRANCH", default=30)
PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS = env.int("PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS", default=10)
PUBLIC_REPORT_LIMIT_MESSAGES_PER_DAY = env.int("PUBLIC_REPORT_LIMIT_MESSAGES_PER_DAY", default=10)


def _key_ring(variable: str) -> list[tuple[str, str]]:
    """An HMAC key ring from the environment: ``id:secret`` pairs, comma-separated, newest
    first (people.keys). Without one, a single key that gives the digests this installation
    made before key rings existed (SECRET_KEY), flagged by the deploy check."""
    pairs = []
    for item in env.list(variable, default=[]):
        key_id, sep, secret = item.strip().partition(":")
        if not sep or not key_id or len(secret) < 32:
            raise ImproperlyConfigured(
                f"{variable}: write each key as 'id:secret' with a secret of at least 32 characters, newest first."
            )
        pairs.append((key_id, secret))
    return pairs or [(FALLBACK_KEY_ID, SECRET_KEY)]


# Keys of their own for codes printed on paper or in letters, so rotating SECRET_KEY breaks
# no survey slip, report receipt or parent status code (people.keys).
FALLBACK_KEY_ID = "secret-key"
HMAC_KEY_RINGS = {
    "survey_codes": _key_ring("SURVEY_CODE_KEYS"),
    "report_receipts": _key_ring("REPORT_RECEIPT_KEYS"),
    "status_codes": _key_ring("STATUS_CODE_KEYS"),
}

# Celery: Redis when CELERY_BROKER_URL is set, otherwise a broker that needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    for sub in ("in", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "in"),
        "data_folder_out": str(_broker_dir / "in"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_broker_dir / "control"),
    }
else:
    # Sending a task must fail fast when the broker is down: kombu's default is to retry
    # the connection for ever, which would hang the web request that logged a signal.
    # The work is safe in the database meanwhile (notifications stay pending, and beat
    # delivers them once the broker is back).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Exactly one beat runs in every deployment shape (bin/run starts one; docker-compose has
# one "beat" service). The tasks are idempotent, so a duplicate beat would still be safe.
CELERY_BEAT_SCHEDULE: dict = {
    "scan-followups": {"task": "incidents.tasks.scan_followups", "schedule": 300.0},
    "deliver-notifications": {"task": "people.tasks.deliver_notifications", "schedule": 60.0},
    "privacy-retention": {"task": "monitoring.privacy.tasks.run_retention", "schedule": 86400.0},
    # Fixed times, never a moment a student chooses (monitoring/release.py).
    "survey-results-release": {"task": "monitoring.tasks.release_survey_results", "schedule": 300.0},
    "survey-class-signals": {"task": "monitoring.tasks.check_class_signals", "schedule": 3600.0},
    "expire-document-jobs": {"task": "people.tasks.expire_document_jobs", "schedule": 3600.0},
}
# Documents made by a job (people.documents: letters, slips, case accounts, subject-access
# exports) are kept this many hours for their download, then deleted with their file.
DOCUMENT_JOB_TTL_HOURS = env.int("DOCUMENT_JOB_TTL_HOURS", default=24)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "people.api_auth.TenantTokenAuthentication",
        "people.api_auth.TenantSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["people.api_auth.TenantIsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "people.api_errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"auth_token": "10/minute"},
    # DRF's own address rule follows TRUSTED_PROXY_COUNT (None would key on the whole
    # X-Forwarded-For header, which the client writes); our throttles use people.client_ip.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# API tokens (people.api_tokens): stored as a SHA-256, shown once. They lapse after 8 hours
# without use (a working day) and 30 days after issue at the latest; a new password or a
# change of roles revokes them, and dossier roles need a token issued with the second factor.
API_TOKEN_IDLE_SECONDS = env.int("API_TOKEN_IDLE_SECONDS", default=8 * 3600)
API_TOKEN_MAX_AGE_SECONDS = env.int("API_TOKEN_MAX_AGE_SECONDS", default=30 * 24 * 3600)
SPECTACULAR_SETTINGS = {
    "TITLE": "Pestzaak API",
    "DESCRIPTION": "Cases, protocol, follow-ups and safety monitoring for school boards.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are for logged-in users (session or token) only.
    "SERVE_PERMISSIONS": ["people.api_auth.TenantIsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two different choice sets are called "role": name them, so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "StaffRoleEnum": "people.roles.Role",
        "ParticipantRoleEnum": "incidents.api.serializers.PARTICIPANT_ROLES",
    },
}

# Security. Strict CSP: everything from our own origin, nothing inline, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # one school day
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Survey codes never reach a log line (monitoring.logging_filters).
    "filters": {
        "no_survey_codes": {"()": "monitoring.logging_filters.SurveyCodeFilter"},
        "no_expected_client_errors": {"()": "config.logging_filters.ExpectedClientErrorFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_survey_codes"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines can carry survey codes in paths; they are filtered (monitoring app).
        "django.request": {"level": "WARNING", "filters": ["no_survey_codes", "no_expected_client_errors"]},
        "django.server": {"level": "WARNING", "filters": ["no_survey_codes"]},
    },
}
