"""Two-factor log-in: required for roles that read case dossiers, optional for teachers and
support staff; set-up with a QR code and ten recovery codes; throttled and audited codes;
the middleware's exemptions; the API token endpoint."""
from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.api_tokens import ApiToken, digest
from people.models import AuditEvent
from people.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED_FOR_DOSSIER_ROLES = True
    cache.clear()  # the token endpoint's throttle


def app_code(device) -> str:
    """The six digits the app shows right now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def give_app(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
    StaticToken.objects.create(device=static, token="herstel01")
    StaticToken.objects.create(device=static, token="herstel02")
    return device


def log_in(client, user, password=f.PASSWORD):
    response = client.post(reverse("login"), {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def text(response) -> str:
    return response.content.decode()


def audit(board, **filters):
    with board.tenant():
        return list(AuditEvent.objects.filter(organisation=board.organisation, **filters))


# --- who must ------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["mentor", "coordinator", "adviser", "management", "board_coordinator"])
def test_it_sends_dossier_roles_without_an_app_to_set_up(client, board, persona):
    log_in(client, getattr(board, persona))
    response = client.get("/leerlingen/")
    assert response.status_code == 302
    assert response["Location"] == "/tweestapsverificatie/instellen/?next=%2Fleerlingen%2F"


@pytest.mark.parametrize("role", [Role.STUDENT_COUNSELLOR, Role.CARE_COORDINATOR, Role.HEAD_OF_DEPARTMENT, Role.BOARD_MANAGEMENT])
def test_it_requires_it_for_every_role_that_reads_dossiers(client, board, role):
    user = f.make_staff(role, branch=board.branch)
    client.force_login(user)
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SUPPORT_STAFF])
def test_it_leaves_it_optional_for_teachers_and_support_staff(client, board, role):
    user = f.make_staff(role, branch=board.branch)
    log_in(client, user)
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("two_factor:manage")).status_code == 200


def test_it_asks_nothing_when_the_setting_is_off(client, board, settings):
    settings.OTP_REQUIRED_FOR_DOSSIER_ROLES = False
    log_in(client, board.coordinator)
    assert client.get(HOME).status_code == 200


def test_it_lets_unverified_sessions_reach_only_the_exempt_pages(client, board):
    client.force_login(board.coordinator)
    assert client.get(reverse("public_report:report", args=[board.organisation.slug, board.branch.slug])).status_code == 200
    assert client.get("/static/css/app.css").status_code == 200
    assert client.get(reverse("two_factor:setup")).status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    for path in ("/zaken/", "/signalen/", "/meldingen-leerlingen/", reverse("two_factor:manage")):
        assert client.get(path).status_code == 302, path
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


# --- set-up --------------------------------------------------------------------------------
def test_it_sets_up_an_app_and_shows_ten_recovery_codes_once(client, board):
    log_in(client, board.coordinator)
    response = client.get(reverse("two_factor:setup") + "?next=/zaken/")
    page = text(response)
    assert response.status_code == 200
    assert "<svg" in page and "<script" not in page and "style=" not in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    device = TOTPDevice.objects.get(user=board.coordinator, confirmed=False)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    response = client.post(reverse("two_factor:setup"), {"code": "123456", "next": "/zaken/"})
    assert "Deze code klopt niet" in text(response)
    assert not TOTPDevice.objects.filter(user=board.coordinator, confirmed=True).exists()

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5), tick=False):
        response = client.post(reverse("two_factor:setup"), {"code": app_code(device), "next": "/zaken/"})
        page = text(response)
        assert response.status_code == 200
        codes = re.findall(r"<li>([a-z2-7]{8})</li>", page)
        assert len(codes) == 10 and len(set(codes)) == 10
        assert StaticToken.objects.filter(device__user=board.coordinator).count() == 10
        assert client.get("/zaken/").status_code == 200  # this session is verified now
    assert [e.detail.get("change") for e in audit(board, action="update", actor=board.coordinator)] == ["two_factor_enabled"]


def test_it_does_not_let_someone_with_only_the_password_link_another_phone(client, board):
    give_app(board.coordinator)
    log_in(client, board.coordinator)
    response = client.get(reverse("two_factor:setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:verify"))
    assert TOTPDevice.objects.filter(user=board.coordinator).count() == 1


# --- the second step ------------------------------------------------------------------------
def test_it_asks_the_code_after_the_password_and_audits_failures(client, board):
    device = give_app(board.coordinator)
    response = log_in(client, board.coordinator)
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == "/inloggen/code/?next=%2F"
    page = text(client.get(response["Location"]))
    assert "Code invullen" in page

    response = client.post(reverse("two_factor:verify"), {"code": "000000", "next": "/zaken/"})
    assert response.status_code == 200 and "Deze code klopt niet" in text(response)
    failed = audit(board, action="login_failed", actor=board.coordinator)
    assert [e.detail["reason"] for e in failed] == ["otp"]

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        response = client.post(reverse("two_factor:verify"), {"code": app_code(device), "next": "/zaken/"})
        assert response.status_code == 302 and response["Location"] == "/zaken/"
        assert client.get("/zaken/").status_code == 200
    assert audit(board, action="login", actor=board.coordinator, detail__factor="otp")


def test_it_throttles_wrong_codes(client, board):
    device = give_app(board.coordinator)
    log_in(client, board.coordinator)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for _ in range(3):
            client.post(reverse("two_factor:verify"), {"code": "000000"})
        # Even the right code waits: 1, 2, 4 … seconds after each wrong one.
        response = client.post(reverse("two_factor:verify"), {"code": app_code(device)})
        assert "Er zijn te veel verkeerde codes ingevuld. Wacht" in text(response)
        assert client.get("/zaken/").status_code == 302
    with time_machine.travel(now + dt.timedelta(seconds=10), tick=False):
        response = client.post(reverse("two_factor:verify"), {"code": app_code(device)})
        assert response.status_code == 302


def test_a_recovery_code_works_once(client, board):
    give_app(board.coordinator)
    log_in(client, board.coordinator)
    response = client.post(reverse("two_factor:verify"), {"code": "HERSTEL-01"})
    assert response.status_code == 302
    assert "nog 1 over" in text(client.get(HOME))
    assert not StaticToken.objects.filter(token="herstel01").exists()
    client.post(reverse("logout"))
    log_in(client, board.coordinator)
    response = client.post(reverse("two_factor:verify"), {"code": "herstel01"})
    assert "Deze code klopt niet" in text(response)


def test_it_never_redirects_to_another_site_after_the_code(client, board):
    device = give_app(board.coordinator)
    log_in(client, board.coordinator)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        response = client.post(reverse("two_factor:verify"), {"code": app_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_empty_code_gives_a_dutch_message(client, board):
    give_app(board.coordinator)
    log_in(client, board.coordinator)
    response = client.post(reverse("two_factor:verify"), {"code": ""})
    assert "Vul de code uit uw authenticator-app in." in text(response)


# --- optional: a teacher --------------------------------------------------------------------
def test_a_teacher_who_set_it_up_is_asked_and_may_turn_it_off(client, board):
    device = give_app(board.teacher)
    log_in(client, board.teacher)
    assert client.get(HOME).status_code == 302  # once set up, always asked
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        client.post(reverse("two_factor:verify"), {"code": app_code(device)})
        response = client.post(reverse("two_factor:disable"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=board.teacher).exists()
    assert not StaticDevice.objects.filter(user=board.teacher).exists()


def test_a_coordinator_may_not_turn_it_off(client, board):
    device = give_app(board.coordinator)
    log_in(client, board.coordinator)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        client.post(reverse("two_factor:verify"), {"code": app_code(device)})
        assert client.post(reverse("two_factor:disable")).status_code == 403
        response = client.post(reverse("two_factor:recovery_codes"))
    assert len(re.findall(r"<li>([a-z2-7]{8})</li>", text(response))) == 10
    assert not StaticToken.objects.filter(token="herstel02").exists()  # the old ones are gone
    assert TOTPDevice.objects.filter(user=board.coordinator, confirmed=True).exists()


# --- the API -----------------------------------------------------------------------------------
def post_token(client, body):
    return client.post("/api/v1/auth/token/", json.dumps(body), content_type="application/json")


def test_an_unverified_session_gets_a_json_403_from_the_api(client, board):
    client.force_login(board.coordinator)
    response = client.get("/api/v1/students/")
    assert response.status_code == 403
    assert "tweede stap" in response.json()["detail"]


def test_the_token_endpoint_asks_the_app_code_of_dossier_roles(client, board):
    body = {"email": board.coordinator.email, "password": f.PASSWORD}
    response = post_token(client, body)
    assert response.status_code == 403 and "Stel eerst tweestapsverificatie in" in response.json()["detail"]
    device = give_app(board.coordinator)
    response = post_token(client, body)
    assert response.status_code == 401 and response.json()["detail"] == "Vul de code uit uw authenticator-app in."
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        response = post_token(client, {**body, "otp_code": "000000"})
        assert response.status_code == 401
    assert not ApiToken.objects.filter(user=board.coordinator).exists()
    assert audit(board, action="login_failed", actor=board.coordinator, detail__step="api_token")
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10), tick=False):
        response = post_token(client, {**body, "otp_code": app_code(device)})
    assert response.status_code == 200 and ApiToken.objects.get(user=board.coordinator).key_hash == digest(response.json()["token"])


def test_a_teacher_without_an_app_gets_a_token_with_the_password(client, board):
    response = post_token(client, {"email": board.teacher.email, "password": f.PASSWORD})
    assert response.status_code == 200
