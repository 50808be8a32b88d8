"""Uploads: wrong types, oversized files and files whose content does not match their name
are refused with a Dutch message, on the page and in the API, and nothing is stored —
no entry, no evidence row, no file on disk."""
from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Evidence, TimelineEntry
from tests.factories import api_key
from tests.incidents.helpers import open_case

from .helpers import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

BAD_FILES = [
    # (name, content, Dutch message)
    ("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00", "is geen afbeelding of PDF"),
    ("notitie.txt", b"gewoon tekst", "is geen afbeelding of PDF"),
    ("pagina.html", b"<script>alert(1)</script>", "is geen afbeelding of PDF"),
    ("plaatje.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "is geen afbeelding of PDF"),
    ("foto.png", b"hallo, geen plaatje", "is geen afbeelding of PDF"),
    ("bewijs.pdf", png_bytes(), "past niet bij de bestandsnaam"),
    ("scherm.png", pdf_bytes(), "past niet bij de bestandsnaam"),
    ("scherm.jpg", png_bytes(), "past niet bij de bestandsnaam"),
    ("zonder-extensie", png_bytes(), "past niet bij de bestandsnaam"),
    ("leeg.png", b"", "is leeg"),
]
IDS = [name for name, _c, _m in BAD_FILES]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EVIDENCE_MAX_BYTES = 2048
    return tmp_path / "media"


def stored_files(media) -> list[str]:
    return [os.path.join(d, f) for d, _s, files in os.walk(media) for f in files]


def state(board):
    with board.tenant():
        return TimelineEntry.objects.count(), Evidence.objects.count()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=IDS)
def test_the_page_refuses_a_bad_file_and_stores_nothing(client, board, private_media, name, content, message):
    case = open_case(board)
    client.force_login(board.mentor)
    before = state(board)
    response = client.post(reverse("incidents:entry_add", args=[case.pk]),
                           {"kind": "note", "text": "Schermafbeelding", "files": [upload(name, content)]})
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert state(board) == before
    assert stored_files(private_media) == []


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=IDS)
def test_the_api_refuses_a_bad_file_and_stores_nothing(client, board, private_media, name, content, message):
    case = open_case(board)
    token = api_key(board.mentor)
    before = state(board)
    response = client.post(f"/api/v1/cases/{case.pk}/entries/",
                           {"kind": "note", "text": "Schermafbeelding", "files": [upload(name, content)]},
                           HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 400, response.content
    assert message in str(response.json()["files"])
    assert state(board) == before
    assert stored_files(private_media) == []


def test_an_oversized_file_is_refused_on_the_page_and_in_the_api(client, board, private_media):
    case = open_case(board)
    big = png_bytes((400, 400)) + b"\0" * 4096  # a real PNG, above the (test) limit of 2 kB
    client.force_login(board.mentor)
    before = state(board)
    page = client.post(reverse("incidents:entry_add", args=[case.pk]),
                       {"kind": "note", "text": "Groot", "files": [upload("groot.png", big)]})
    assert "is te groot" in page.content.decode() and "Het maximum is" in page.content.decode()
    token = api_key(board.mentor)
    api = client.post(f"/api/v1/cases/{case.pk}/entries/", {"kind": "note", "files": [upload("groot.png", big)]},
                      HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 400 and "is te groot" in api.json()["files"][0]
    assert state(board) == before and stored_files(private_media) == []


def test_one_bad_file_among_good_ones_stores_none_of_them(client, board, private_media):
    case = open_case(board)
    client.force_login(board.mentor)
    before = state(board)
    response = client.post(reverse("incidents:entry_add", args=[case.pk]), {
        "kind": "note", "text": "Drie bestanden",
        "files": [upload("een.png", png_bytes()), upload("twee.pdf", pdf_bytes()), upload("drie.png", b"nep")],
    })
    assert "is geen afbeelding of PDF" in response.content.decode()
    assert state(board) == before and stored_files(private_media) == []


def test_good_files_are_stored_under_a_random_name_and_served_as_attachment(client, board, private_media):
    case = open_case(board)
    client.force_login(board.mentor)
    response = client.post(reverse("incidents:entry_add", args=[case.pk]), {
        "kind": "note", "text": "Goed", "files": [upload("../../etc/passwd.png", png_bytes()), upload("b.pdf", pdf_bytes())],
    })
    assert response.status_code == 302
    with board.tenant():
        stored = list(Evidence.objects.order_by("pk"))
    assert [(e.original_name, e.content_type) for e in stored] == [("passwd.png", "image/png"), ("b.pdf", "application/pdf")]
    for path in stored_files(private_media):
        assert os.path.realpath(path).startswith(os.path.realpath(private_media))
        assert "passwd" not in os.path.basename(path)


def test_the_import_page_refuses_a_file_that_is_no_spreadsheet(client, board):
    client.force_login(board.management)
    response = client.post(reverse("people:import_start"),
                           {"kind": "students", "file": upload("leerlingen.csv.exe", b"MZ\x90\x00binary")})
    assert response.status_code in (200, 400)
    assert "Dit is geen CSV- of Excel-bestand" in response.content.decode()
