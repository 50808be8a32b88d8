"""Gunicorn settings: `gunicorn config.wsgi -c config/gunicorn.conf.py`.

The access log never records a query string or a referer: the thermometer's QR link
carries a one-time survey code in its query string (monitoring.logging_filters). %(U)s is
the path without the query; %(r)s (the full request line), %(q)s and %(f)s are left out.
Client addresses are left out too: the survey promises students nobody can tell who
answered, and an address with a time next to a survey path is a step towards that.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# The same scrubbing filter on gunicorn's own handlers (e.g. "Invalid request" lines).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_survey_codes": {"()": "monitoring.logging_filters.SurveyCodeFilter"}},
    "formatters": {"generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "generic", "filters": ["no_survey_codes"],
                    "stream": "ext://sys.stdout"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "generic", "filters": ["no_survey_codes"],
                          "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False, "qualname": "gunicorn.access"},
    },
}
