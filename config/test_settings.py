"""Settings for the test suite: the real settings, made fast and deterministic."""
from .settings import *  # noqa: F401,F403
from .settings import DATABASES

SECURE_SSL_REDIRECT = False
# The suite logs users in with force_login; the two-factor tests switch this on themselves.
OTP_REQUIRED_FOR_DOSSIER_ROLES = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
import os  # noqa: E402

# Unit tests run Celery eagerly; the tests whose point is delivery switch eager off and
# talk to the real Redis (REDIS_URL) and a real worker process (tests/worker.py).
# pytest-xdist: each test process gets a Redis database of its own, so a real Celery worker
# started by one process never takes the tasks another process queued.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if os.environ.get("REDIS_URL") and _xdist_worker.startswith("gw"):
    from urllib.parse import urlparse

    _url = urlparse(os.environ["REDIS_URL"])
    _db = (int(_url.path.strip("/") or 0) - int(_xdist_worker[2:])) % 16
    os.environ["REDIS_URL"] = _url._replace(path=f"/{_db}").geturl()
if os.environ.get("REDIS_URL"):
    CELERY_BROKER_URL = os.environ["REDIS_URL"]
    # Fail fast when the broker is down, as config.settings does for Redis.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 5, "max_retries": 2, "interval_start": 0,
                                       "interval_step": 0.25, "interval_max": 0.5}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
