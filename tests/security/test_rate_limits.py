"""Issue 11, item 10: rate limits an attacker cannot side-step.

One client address everywhere (people.client_ip: X-Forwarded-For only as far as
TRUSTED_PROXY_COUNT trusts it); the token throttle and the receipt-code guessing limit
do not reset when the header changes; the log-in page and the token API limit failed
log-ins per address across accounts; talk requests are limited and their form token
lapses; password-reset mails are limited. (Public reports: tests/incidents/test_public_report.py.)
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from people.client_ip import client_ip
from tests import factories as f
from tests.monitoring.test_talk_request import school_field, submit_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_with(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(forwarded="203.0.113.9")) == "192.0.2.1"


def test_with_one_proxy_the_last_entry_counts_and_earlier_ones_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_with(forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_with(forwarded="203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_with(forwarded="not-an-address")) == "192.0.2.1"
    assert client_ip(request_with(forwarded="")) == "192.0.2.1"


def test_with_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with(forwarded="6.6.6.6, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


def _token_post(client, forwarded, i):
    # A different (unknown) account each time: django-axes' per-account lock-out stays out of it.
    return client.post("/api/v1/auth/token/", json.dumps({"email": f"niemand{i}@school.example", "password": "x"}),
                       content_type="application/json", HTTP_X_FORWARDED_FOR=forwarded)


def test_the_token_throttle_does_not_reset_when_the_header_changes(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [_token_post(client, f"203.0.113.{i}", i).status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]


def test_the_receipt_guessing_limit_does_not_reset_when_the_header_changes(client, board, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS = 3
    url = reverse("public_report:follow_up", args=[board.organisation.slug, board.branch.slug])
    codes = [client.post(url, {"action": "open", "receipt": "ABCD-EFGH-JKMN"},
                         HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_the_log_in_page_limits_one_address_across_accounts(client, board, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for i in range(5):  # five different accounts: each stays below django-axes' per-account limit
        response = client.post(reverse("login"), {"username": f"docent{i}@school.example", "password": "fout"})
        assert "horen niet bij elkaar" in response.content.decode()
    # Now even the right password of yet another account is not checked from this address …
    response = client.post(reverse("login"), {"username": board.mentor.email, "password": f.PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "te veel mislukte inlogpogingen" in response.content.decode()
    # … and the token API says the same.
    api = client.post("/api/v1/auth/token/", json.dumps({"email": board.mentor.email, "password": f.PASSWORD}),
                      content_type="application/json")
    assert api.status_code == 429 and "te veel mislukte inlogpogingen" in api.json()["detail"]
    # Another address is not affected.
    other = client.post(reverse("login"), {"username": board.mentor.email, "password": f.PASSWORD},
                        REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_a_few_failures_do_not_block_the_address(client, board, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    for i in range(4):
        client.post(reverse("login"), {"username": f"docent{i}@school.example", "password": "fout"})  # pragma: allowlist secret
    assert client.post(reverse("login"), {"username": board.mentor.email, "password": f.PASSWORD}).status_code == 302


def test_password_reset_mails_are_limited_per_email_and_address(client, board, settings):
    settings.PASSWORD_RESETS_PER_EMAIL = 2
    settings.PASSWORD_RESETS_PER_ADDRESS = 4
    url = reverse("password_reset")
    for _ in range(4):
        response = client.post(url, {"email": board.mentor.email})
        assert response.status_code == 302  # the same answer every time: nothing to learn
    assert len(mail.outbox) == 2
    client.post(url, {"email": board.teacher.email})  # the address has used its four
    assert len(mail.outbox) == 2
    client.post(url, {"email": board.teacher.email}, REMOTE_ADDR="198.51.100.7")
    assert len(mail.outbox) == 3


def _talk(client, school, name="Sanne", **extra):
    return client.post("/thermometer/gesprek/", {"school": school, "wants": "mentor", "name": name}, **extra)


def test_talk_requests_are_limited_per_form_and_per_address(client, board, settings):
    settings.TALK_REQUESTS_PER_TOKEN = 2
    settings.TALK_REQUESTS_PER_ADDRESS = 3
    school = school_field(client, submit_survey(client, board))
    assert [_talk(client, school).status_code for _ in range(3)] == [303, 303, 429]
    from monitoring import talk

    # A new form (another thank-you page) from the same address: one more, then the address is full.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):  # a later thank-you page
        other = talk.school_token(board.organisation.pk, board.branch.pk)
    assert [_talk(client, other).status_code for _ in range(2)] == [303, 429]
    assert _talk(client, other, REMOTE_ADDR="198.51.100.7").status_code == 303


def test_the_talk_form_token_lapses(client, board):
    school = school_field(client, submit_survey(client, board))
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2, minutes=1), tick=False):
        response = _talk(client, school)
    assert response.status_code == 400 and "verlopen" in response.content.decode()
