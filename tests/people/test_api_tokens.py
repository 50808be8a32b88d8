"""Issue 11, item 8: API tokens expire, are stored hashed, are revoked by a new password
or a role change, and a dossier role is held to the session's two-factor rule on every
request made with a token (not only when the token is issued)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from people import services
from people.api_tokens import ApiToken, digest
from people.roles import Role
from tests import factories as f
from tests.people.test_two_factor import app_code, give_app

pytestmark = pytest.mark.django_db

STUDENTS = "/api/v1/students/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def read(client, key, url=STUDENTS):
    return client.get(url, HTTP_AUTHORIZATION=f"Token {key}")


def issue(client, user, **extra):
    response = client.post("/api/v1/auth/token/", json.dumps({"email": user.email, "password": f.PASSWORD, **extra}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_key_is_shown_once_and_stored_as_its_hash(client, board):
    answer = issue(client, board.teacher)
    key = answer["token"]
    row = ApiToken.objects.get(user=board.teacher)
    assert row.key_hash == digest(key) and key not in {row.key_hash, row.password_hash, row.roles_hash}
    assert answer["idle_minutes"] == 8 * 60
    assert read(client, key).status_code == 200


def test_a_token_lapses_after_eight_idle_hours(client, board):
    key = f.api_key(board.coordinator)
    now = timezone.now()
    with time_machine.travel(now + dt.timedelta(hours=7), tick=False):
        assert read(client, key).status_code == 200  # in use: the idle clock restarts
    with time_machine.travel(now + dt.timedelta(hours=14), tick=False):
        assert read(client, key).status_code == 200
    with time_machine.travel(now + dt.timedelta(hours=22, minutes=1), tick=False):
        response = read(client, key)
    assert response.status_code == 401 and "verlopen" in response.json()["detail"]


def test_a_token_lapses_after_thirty_days_even_in_daily_use(client, board):
    key = f.api_key(board.coordinator)
    now = timezone.now()
    for day in (1, 10, 20, 29):
        with time_machine.travel(now + dt.timedelta(days=day, hours=23), tick=False):
            ApiToken.objects.filter(user=board.coordinator).update(last_used_at=timezone.now())  # used daily
            assert read(client, key).status_code == 200
    with time_machine.travel(now + dt.timedelta(days=30, minutes=1), tick=False):
        ApiToken.objects.filter(user=board.coordinator).update(last_used_at=timezone.now())
        assert read(client, key).status_code == 401


def test_a_new_password_revokes_the_token(client, board):
    key = f.api_key(board.mentor)
    other = f.api_key(board.teacher)
    board.mentor.set_password("een-heel-nieuw-wachtwoord")  # pragma: allowlist secret
    board.mentor.save()
    response = read(client, key)
    assert response.status_code == 401 and "ingetrokken" in response.json()["detail"]
    assert read(client, other).status_code == 200  # someone else's token is untouched


def test_a_password_reset_through_the_page_revokes_the_token(client, board):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    key = f.api_key(board.mentor)
    uid = urlsafe_base64_encode(force_bytes(board.mentor.pk))
    token = default_token_generator.make_token(board.mentor)
    page = client.get(f"/wachtwoord-herstellen/{uid}/{token}/", follow=True)
    new = "Zomer-in-Leeuwarden-2027!"  # pragma: allowlist secret
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert read(client, key).status_code == 401


def test_a_role_change_revokes_the_token(client, board):
    key = f.api_key(board.teacher)
    with board.tenant():
        services.role_grant(organisation=board.organisation, user=board.teacher, role=Role.COORDINATOR,
                            branch=board.branch, acting_user=None)
    assert read(client, key).status_code == 401


def test_an_unchanged_user_keeps_a_working_token(client, board):
    key = f.api_key(board.teacher)
    board.teacher.last_login = timezone.now()
    board.teacher.save()
    assert read(client, key).status_code == 200


def test_a_password_only_token_stops_when_the_account_needs_two_factors(client, board, settings):
    settings.OTP_REQUIRED_FOR_DOSSIER_ROLES = True
    teacher_key = issue(client, board.teacher)["token"]  # a teacher needs no second factor
    assert ApiToken.objects.get(user=board.teacher).two_factor is False
    assert read(client, teacher_key).status_code == 200
    # The same rule as a session, on every request: a dossier role without the second
    # factor is refused, even if the row says nothing changed (e.g. a token from before
    # the setting was switched on).
    password_only = f.api_key(board.coordinator, two_factor=False)
    response = read(client, password_only)
    assert response.status_code == 401 and "zonder tweede stap" in response.json()["detail"]
    # A user who linked an app is held to it too, dossier role or not.
    give_app(board.teacher)
    assert read(client, teacher_key).status_code == 401


def test_a_token_issued_with_the_app_code_reads_dossier_data(client, board, settings):
    settings.OTP_REQUIRED_FOR_DOSSIER_ROLES = True
    device = give_app(board.coordinator)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=40), tick=False):
        key = issue(client, board.coordinator, otp_code=app_code(device))["token"]
        assert ApiToken.objects.get(user=board.coordinator).two_factor is True
        assert read(client, key).status_code == 200
        assert read(client, key, "/api/v1/cases/").status_code == 200
