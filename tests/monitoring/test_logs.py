"""No survey code reaches a log line: Django's loggers, our own, and gunicorn's access log."""
import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from monitoring import services as monitoring_services
from monitoring.codes import format_code
from monitoring.instrument import load_instrument
from monitoring.logging_filters import REDACTED, SurveyCodeFilter, scrub
from monitoring.models import RoundClass

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()
GUNICORN_CONF = Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"


def open_round(board, count=2):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        return monitoring_services.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)


def code_forms(code):
    return {code, code.lower(), format_code(code), format_code(code).lower()}


class Capture:
    """Every record any logger emits, as the configured handlers would write it."""

    def __init__(self):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.loggers = [logging.getLogger(), logging.getLogger("django.server"), logging.getLogger("django.request")]

    def __enter__(self):
        self.levels = [lg.level for lg in self.loggers]
        for lg in self.loggers:
            lg.addHandler(self.handler)
        logging.getLogger().setLevel(logging.DEBUG)
        # The configured console handler's filter, as in production (config/settings.py).
        console = next(h for h in logging.getLogger().handlers if any(isinstance(f, SurveyCodeFilter) for f in h.filters))
        for f in console.filters:
            self.handler.addFilter(f)
        return self

    def __exit__(self, *exc):
        for lg, level in zip(self.loggers, self.levels, strict=True):
            lg.removeHandler(self.handler)
            lg.setLevel(level)

    @property
    def text(self):
        return self.stream.getvalue()


def test_the_settings_wire_the_filter_into_the_console_handler_and_django_loggers():
    root_console = [h for h in logging.getLogger().handlers if any(isinstance(f, SurveyCodeFilter) for f in h.filters)]
    assert root_console, "the console handler must carry the survey-code filter"
    for name in ("django.request", "django.server"):
        assert any(isinstance(f, SurveyCodeFilter) for f in logging.getLogger(name).filters)


def test_a_full_student_flow_with_the_qr_link_logs_no_code(client, board):
    cache.clear()
    code, spare = open_round(board)
    with Capture() as captured:
        assert client.get(f"/thermometer/?code={format_code(code)}").status_code == 303
        client.post("/thermometer/over-jou/", {"gender": "girl"})
        for section in INSTRUMENT.sections:
            client.post(f"/thermometer/vragen/{section.number}/", {i.key: "1" for i in section.items})
        # Errors with a code in the URL: a 404 and a used code.
        client.get(f"/thermometer/onbekend/?code={spare}")
        client.get(f"/thermometer/?code={code}")
        client.post("/thermometer/", {"code": code})
        # What runserver and a careless line of our own would write.
        logging.getLogger("django.server").warning('"%s" %s %s', f"GET /thermometer/?code={spare} HTTP/1.1", 303, 0)
        logging.getLogger("monitoring").warning("lookup of %s failed", format_code(spare))
        logging.getLogger("django.request").warning("Referer: https://school.example/thermometer/?code=%s", spare.lower())
    text = captured.text
    assert "Not Found: /thermometer/onbekend/" in text
    assert "GET /thermometer/ HTTP/1.1" in text
    for c in (code, spare):
        for shown in code_forms(c):
            assert shown not in text, f"{shown} leaked into the log:\n{text}"


@pytest.mark.parametrize("line,expected", [
    ("GET /thermometer/?code=ABCD-EFGH-JKMN HTTP/1.1", "GET /thermometer/ HTTP/1.1"),
    ("Not Found: /thermometer/vragen/9/?x=1&code=abcdefghjkmn", "Not Found: /thermometer/vragen/9/"),
    ("POST /api/v1/thermometer/responses/ 400", "POST /api/v1/thermometer/responses/ 400"),
    ("code=ABCDEFGHJKMN elsewhere", f"code={REDACTED} elsewhere"),
    ("student typed ABCD EFGH JK2N", f"student typed {REDACTED}"),
    ("de gegevens zijn verwijderden", "de gegevens zijn verwijderden"),
])
def test_scrub(line, expected):
    assert scrub(line) == expected


def test_gunicorn_logs_neither_query_strings_nor_referers():
    conf = {}
    exec(compile(GUNICORN_CONF.read_text(), str(GUNICORN_CONF), "exec"), conf)  # noqa: S102 - our own file
    fmt = conf["access_log_format"]
    for atom in ("%(q)s", "%(r)s", "%(f)s", "%(h)s", "{query_string}e", "{raw_uri}e"):
        assert atom not in fmt
    assert "%(U)s" in fmt


def test_gunicorn_access_and_error_lines_carry_no_code(capsys):
    import datetime

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    cfg = Config()
    conf = {}
    exec(compile(GUNICORN_CONF.read_text(), str(GUNICORN_CONF), "exec"), conf)  # noqa: S102
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", conf["access_log_format"])
    cfg.set("logconfig_dict", conf["logconfig_dict"])
    log = Logger(cfg)

    class Resp:
        status = "303 See Other"
        sent = 0
        headers = [("Location", "/thermometer/over-jou/")]

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/thermometer/?code=ABCDEFGHJKMN", "PATH_INFO": "/thermometer/",
               "QUERY_STRING": "code=ABCDEFGHJKMN", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.1.2.3",
               "HTTP_REFERER": "https://x.example/thermometer/?code=ABCDEFGHJKMN"}
    log.access(Resp(), [], environ, datetime.timedelta(milliseconds=12))
    log.error("Error handling request %s", environ["RAW_URI"])
    for handler in logging.getLogger("gunicorn.access").handlers + logging.getLogger("gunicorn.error").handlers:
        handler.flush()
    out = capsys.readouterr()
    text = out.out + out.err
    assert '"GET /thermometer/ HTTP/1.1" 303' in text
    assert "ABCDEFGHJKMN" not in text and "10.1.2.3" not in text
