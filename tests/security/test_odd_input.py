"""Issue 11, item 11: odd input is a clear 400/404 (or a Dutch form error), never a 500,
and nothing is stored.

* ids with Unicode digits ("³", "١٢"): ``"³".isdigit()`` is true but ``int("³")`` raises;
  every route that takes an id now reads it with people.ids (ASCII digits only);
* answers "³" in the anonymous survey API;
* path-traversal probes on /static/ (the dev server's own static handler crashed; it
  now runs with --nostatic and WhiteNoise serves the files, as in production);
* a PNG that claims 40000 x 40000 pixels (a decompression bomb) on the evidence upload;
* a non-numeric programme count on the prevention-register form;
* an .xlsx import that would unpack to too much or has too many rows.
"""
from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incidents.models import Evidence, TimelineEntry
from people import imports
from people.ids import parse_id, parse_number
from tests.factories import api_key
from tests.fuzz.test_api_fuzz import keeping_the_test_connection
from tests.incidents.helpers import open_case
from tests.monitoring.test_survey_api import all_answers, client_for, issue, make_round, start

from .helpers import ROOT, png_bytes

pytestmark = pytest.mark.django_db

ODD_IDS = ["³", "١٢", "1²", "0", "-1", "9" * 30]


@pytest.mark.parametrize("text", ODD_IDS + ["", " 1", "1 ", "1.0", "0x1", "1\n"])
def test_only_ascii_digits_in_range_are_ids(text):
    assert parse_id(text) is None


def test_ascii_ids_are_read():
    assert parse_id("12") == 12 and parse_id(12) == 12 and parse_number("0") == 0
    assert parse_number("31", maximum=30) is None


def _routes(patterns=None, prefix=""):
    """(route with <params>, number of params) for every path() of the URL configuration."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = getattr(p.pattern, "_route", None)
        if route is None:
            continue  # regex patterns (none of ours take ids)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern) and "<" in prefix + route:
            yield prefix + route


def _fill(route: str, value: str) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


ID_ROUTES = sorted({r for r in _routes() if "<" in r and "token" not in r and "uidb64" not in r})


@pytest.mark.parametrize("odd", ["³", "١٢"])
def test_no_route_answers_a_unicode_digit_id_with_a_500(client, board, odd):
    assert len(ID_ROUTES) > 20
    client.raise_request_exception = False
    client.force_login(board.board_coordinator)
    key = api_key(board.board_coordinator)
    failures = []
    for route in ID_ROUTES:
        url = _fill(route, odd)
        headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if url.startswith("/api/") else {}
        for method in (client.get, client.post):
            response = method(url, **headers)
            if response.status_code >= 500:
                failures.append((method.__name__, url, response.status_code))
    assert not failures


@pytest.mark.parametrize("value", ["³", "١", "²"])
def test_the_survey_api_refuses_unicode_digit_answers_with_400(board, value):
    code, *_rest = issue(board, make_round(board))
    session = start(code)
    for path in ("/api/v1/thermometer/responses/", "/api/v1/thermometer/drafts/"):
        response = client_for().post(path, {"session": session, "answers": {**all_answers(), "safe_to.be_myself": value}},
                                     format="json")
        assert response.status_code == 400, (path, response.content)
        assert "Kies een antwoord van 0 tot 5." in str(response.json())


PROBES = ["/static/../../etc/passwd", "/static/css/../../../manage.py", "/static/%2e%2e/%2e%2e/etc/passwd",
          "/static/..%2f..%2fconfig/settings.py", "/static/%00", "/static/css/app.css%00.png"]


@pytest.mark.parametrize("path", PROBES)
def test_path_traversal_on_static_is_a_404(path):
    # The WSGI application as gunicorn and ``runserver --nostatic`` (bin/run) serve it.
    env = RequestFactory().get("/").environ
    env["PATH_INFO"] = path
    env["wsgi.input"] = io.BytesIO(b"")
    status = []
    with keeping_the_test_connection():
        WSGIHandler()(env, lambda s, h, *a: status.append(s))
    assert status[0].startswith("404")


def test_the_dev_server_leaves_static_files_to_whitenoise():
    # runserver's own static handler raised SuspiciousFileOperation (a 500) on those probes.
    script = (ROOT / "bin" / "run").read_text()
    assert "manage.py runserver --nostatic" in script


def _png_claiming(width: int, height: int) -> bytes:
    """A real 4x4 PNG whose header claims another size (with a valid CRC)."""
    data = bytearray(png_bytes())
    ihdr = 8 + 8  # signature, then length and type of the IHDR chunk
    data[ihdr:ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:ihdr + 13])) & 0xFFFFFFFF
    data[ihdr + 13:ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_a_decompression_bomb_is_refused_in_dutch_and_nothing_is_stored(client, board, media):
    case = open_case(board)
    client.force_login(board.mentor)
    with board.tenant():
        before = (TimelineEntry.objects.count(), Evidence.objects.count())
    for size in ((40000, 40000), (9000, 9000)):
        bomb = SimpleUploadedFile("scherm.png", _png_claiming(*size), content_type="image/png")
        response = client.post(reverse("incidents:entry_add", args=[case.pk]),
                               {"kind": "note", "text": "Schermafbeelding", "files": [bomb]})
        assert response.status_code in (200, 400)
        assert "heeft te veel beeldpunten" in response.content.decode()
    with board.tenant():
        assert (TimelineEntry.objects.count(), Evidence.objects.count()) == before
    assert not [f for _d, _s, files in os.walk(media) for f in files]
    # A normal screenshot still goes in.
    ok = SimpleUploadedFile("scherm.png", png_bytes((1200, 800)), content_type="image/png")
    response = client.post(reverse("incidents:entry_add", args=[case.pk]),
                           {"kind": "note", "text": "Schermafbeelding", "files": [ok]})
    assert response.status_code == 302


@pytest.mark.parametrize("count", ["abc", "³", "-1", "1e9", "9" * 40])
def test_a_non_numeric_programme_count_is_no_500(client, board, count):
    year = board.school_class.school_year
    url = reverse("monitoring:report_register", args=[board.branch.pk, year.pk])
    client.force_login(board.coordinator)
    response = client.post(url, {"programme-count": count, "plan_text": "Meer toezicht."})
    assert response.status_code in (200, 302, 400)


def _xlsx(rows: int, columns: int = 3) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"kolom {c}" for c in range(columns)])
    for r in range(rows):
        sheet.append([f"{r}-{c}" for c in range(columns)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_too_many_rows_is_refused_while_reading(monkeypatch):
    monkeypatch.setattr("people.imports.reading.MAX_ROWS", 50)
    assert len(imports.read_table(name="ok.xlsx", content=_xlsx(50)).rows) == 50
    with pytest.raises(ValidationError) as refused:
        imports.read_table(name="groot.xlsx", content=_xlsx(51))
    assert "meer dan 50 rijen" in str(refused.value)


def test_an_xlsx_that_unpacks_too_large_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr("people.imports.reading.MAX_UNPACKED_BYTES", 20_000)
    with pytest.raises(ValidationError) as refused:
        imports.read_table(name="bom.xlsx", content=_xlsx(2000))
    assert "uitgepakt groter dan" in str(refused.value)


def test_an_xlsx_with_too_many_columns_is_refused():
    with pytest.raises(ValidationError) as refused:
        imports.read_table(name="breed.xlsx", content=_xlsx(2, columns=150))
    assert "meer dan 100 kolommen" in str(refused.value)
