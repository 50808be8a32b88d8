"""Security headers on pages, the API and file downloads; HSTS and HTTPS with the
production settings; and Django's deployment checks with the production environment."""
from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from incidents import services
from tests.factories import api_key
from tests.incidents.helpers import open_case

from .helpers import ROOT, png_bytes, production_env, production_security_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    found = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def assert_hardened(response, where: str, *, file: bool = False) -> None:
    csp = directives(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"], where
    assert "unsafe-eval" not in response["Content-Security-Policy"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    if file:
        # A file is never a page: it may load nothing at all.
        assert csp["default-src"] == ["'none'"], where
        assert set(csp) <= {"default-src", "frame-ancestors", "sandbox", "base-uri", "form-action"}, where
    else:
        assert csp["default-src"] == ["'self'"], where
        assert csp["script-src"] == ["'self'"], where
        assert csp["style-src"] == ["'self'"], where
        assert csp["object-src"] == ["'none'"], where
        assert csp["base-uri"] == ["'self'"], where
        assert csp["form-action"] == ["'self'"], where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


def evidence_of(board):
    case = open_case(board)
    with board.tenant():
        entry = services.entry_record(
            case=case, acting_user=board.mentor, kind="note", text="Schermafbeelding van de groepsapp.",
            files=[SimpleUploadedFile("app.png", png_bytes(), content_type="image/png")],
        )
        return case, entry.evidence.get()


def test_pages_carry_the_security_headers(client, board):
    assert_hardened(client.get(reverse("login")), "log-in page")
    assert_hardened(client.get(reverse("public_report:report", args=[board.organisation.slug, board.branch.slug])),
                    "public reporting page")
    client.force_login(board.coordinator)
    case, _evidence = evidence_of(board)
    assert_hardened(client.get(reverse("home")), "home")
    assert_hardened(client.get(reverse("incidents:case_detail", args=[case.pk])), "case page")
    assert_hardened(client.get("/bestaat-niet/"), "404 page")


def test_the_api_carries_the_security_headers(client, board):
    token = api_key(board.coordinator)
    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert_hardened(response, "API list")
    assert_hardened(client.get("/api/v1/cases/1/", HTTP_AUTHORIZATION=f"Token {token}"), "API 404")
    assert_hardened(client.get("/api/v1/cases/"), "API 401")


def test_file_downloads_carry_the_security_headers_and_are_not_cached(client, board):
    _case, evidence = evidence_of(board)
    client.force_login(board.coordinator)
    page = client.get(reverse("incidents:evidence_download", args=[evidence.pk]))
    assert page.status_code == 200 and page["Content-Type"] == "image/png"
    assert_hardened(page, "evidence download", file=True)
    assert "attachment" in page["Content-Disposition"]
    assert "no-store" in page["Cache-Control"] or "private" in page["Cache-Control"]
    token = api_key(board.coordinator)
    api = client.get(f"/api/v1/evidence/{evidence.pk}/download/", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 200
    assert_hardened(api, "evidence download (API)", file=True)
    assert "attachment" in api["Content-Disposition"]


def test_with_production_settings_https_is_enforced_with_hsts(client, board):
    prod = production_security_settings()
    assert prod["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and prod["SECURE_HSTS_PRELOAD"]
    assert prod["SECURE_SSL_REDIRECT"] and prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"]
    with override_settings(**prod):
        plain = client.get(reverse("login"))
        assert plain.status_code == 301 and plain["Location"].startswith("https://")
        secure = client.get(reverse("login"), secure=True)
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert_hardened(secure, "log-in page over HTTPS")
        # Behind the proxy, which says the request came in over HTTPS.
        proxied = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
        assert proxied.status_code == 200 and "Strict-Transport-Security" in proxied
        assert secure.cookies["csrftoken"]["secure"]
        logged_in = client.post(reverse("login"), {"username": board.mentor.email, "password": "veilig-op-school"},
                                secure=True)
        assert logged_in.status_code == 302
        session_cookie = logged_in.cookies["sessionid"]
        assert session_cookie["secure"] and session_cookie["httponly"] and session_cookie["samesite"] == "Lax"


def test_check_deploy_is_clean_with_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(), cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
