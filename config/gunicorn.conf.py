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
# GUNICORN_ACCESSLOG: "-" (default) for standard output, a file path, or "" / "off" for none.
# The logconfig_dict below configures gunicorn's handlers, which would otherwise override
# this setting: the access handler is chosen from it there.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-").strip()
if accesslog.lower() in ("", "off", "none"):
    accesslog = None
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# The same scrubbing filter on gunicorn's own handlers (e.g. "Invalid request" lines).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_survey_codes": {"()": "monitoring.logging_filters.SurveyCodeFilter"}},
    "formatters": {
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "generic", "filters": ["no_survey_codes"],
                    "stream": "ext://sys.stdout"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "generic", "filters": ["no_survey_codes"],
                          "stream": "ext://sys.stderr"},
        "access_file": {"class": "logging.FileHandler", "formatter": "access", "filters": ["no_survey_codes"],
                        "filename": accesslog if accesslog and accesslog != "-" else os.devnull},
        "access_none": {"class": "logging.NullHandler"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "INFO", "propagate": False, "qualname": "gunicorn.access",
                            "handlers": ["access_none"] if not accesslog
                            else ["console"] if accesslog == "-" else ["access_file"]},
    },
}
