"""Settings for the real Celery worker process that delivery tests start (tests/worker.py)."""
import os

from config.settings import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "tests.worker.SlowFileEmailBackend"
EMAIL_FILE_PATH = os.environ["PESTZAAK_TEST_MAIL_DIR"]
# Unacknowledged messages of a killed worker come back after five seconds, and a claimed
# but unsent e-mail is released after two: the crash tests wait for both.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 5,
    # Look for abandoned messages every second (kombu's default is about every 100 s).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5,
}
NOTIFICATION_CLAIM_TIMEOUT_SECONDS = 2
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
