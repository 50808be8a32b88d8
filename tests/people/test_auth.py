"""Logging in and out, lock-out after repeated failures, password reset: and their audit trail."""
from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from people.models import AuditEvent
from tests import factories as f
from tests.browser.messages import ensure_compiled

pytestmark = pytest.mark.django_db

BAD_LOGIN = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw."


def log_in(client, email, password=f.PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password, **extra})


def events(board, action):
    with board.tenant():
        return list(AuditEvent.objects.filter(action=action))


# --- log-in ----------------------------------------------------------------------------
def test_it_shows_the_login_page_in_dutch(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Log in met het e-mailadres van uw school." in page
    assert 'autocomplete="username"' in page and 'type="email"' in page


def test_it_logs_in_with_email_and_password_and_audits_it(client, board):
    response = log_in(client, board.mentor.email.upper())
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    [event] = events(board, AuditEvent.Action.LOGIN)
    assert event.actor == board.mentor and event.organisation_id == board.organisation.pk
    assert event.ip_address == "127.0.0.1"


def test_it_follows_a_safe_next_but_not_an_outside_one(client, board):
    assert log_in(client, board.mentor.email, next="/leerlingen/")["Location"] == "/leerlingen/"
    client.logout()
    assert log_in(client, board.mentor.email, next="https://kwaad.example/")["Location"] == reverse("home")


def test_it_sends_a_logged_in_user_from_the_login_page_home(client, board):
    client.force_login(board.mentor)
    response = client.get(reverse("login"))
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_it_refuses_a_wrong_password_in_dutch_and_audits_it(client, board):
    response = log_in(client, board.mentor.email, "fout-wachtwoord")
    assert response.status_code == 200
    assert BAD_LOGIN in response.content.decode()
    [event] = events(board, AuditEvent.Action.LOGIN_FAILED)
    assert event.organisation_id == board.organisation.pk
    assert (event.object_type, event.object_id) == ("people.user", str(board.mentor.pk))
    assert event.detail == {"attempted": board.mentor.email}
    assert "fout-wachtwoord" not in str(event.detail)


def test_it_refuses_an_unknown_address_the_same_way(client, board):
    response = log_in(client, "niemand@school.example")
    assert BAD_LOGIN in response.content.decode()
    with board.tenant():
        event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.organisation_id is None and event.detail == {"attempted": "niemand@school.example"}


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Dit veld is vereist."),
        ({"username": "geen-adres", "password": "x"}, "Voer een geldig e-mailadres in."),
        ({"username": "a@school.example"}, "Dit veld is vereist."),
    ],
)
def test_it_explains_missing_and_malformed_fields(client, data, message):
    response = client.post(reverse("login"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Controleer de gemarkeerde velden" in page
    assert 'aria-invalid="true"' in page


def test_it_refuses_an_inactive_account(client, board):
    board.mentor.is_active = False
    board.mentor.save()
    response = log_in(client, board.mentor.email)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


# --- lock-out ----------------------------------------------------------------------------
def test_it_locks_an_account_out_after_repeated_failures(client, board, settings):
    codes = [log_in(client, board.mentor.email, "fout").status_code for _ in range(settings.AXES_FAILURE_LIMIT - 1)]
    assert codes == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = log_in(client, board.mentor.email, "fout")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tijdelijk geblokkeerd" in page and "Probeer het over een half uur opnieuw" in page
    # Even the right password does not get in now.
    right = log_in(client, board.mentor.email)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    assert len(events(board, AuditEvent.Action.LOGIN_FAILED)) == settings.AXES_FAILURE_LIMIT + 1


def test_it_locks_out_per_account_not_per_address(client, board, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, board.mentor.email, "fout")
    # A colleague behind the same school address still gets in.
    assert log_in(client, board.teacher.email).status_code == 302


def test_it_forgives_failures_after_a_successful_login(client, board, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, board.mentor.email, "fout")
    assert log_in(client, board.mentor.email).status_code == 302
    client.logout()
    assert log_in(client, board.mentor.email, "fout").status_code == 200


# --- log-out ---------------------------------------------------------------------------
def test_it_logs_out_with_a_post_and_audits_it(client, board):
    log_in(client, board.coordinator.email)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302
    [event] = events(board, AuditEvent.Action.LOGOUT)
    assert event.actor == board.coordinator


def test_it_does_not_log_out_on_a_get(client, board):
    client.force_login(board.coordinator)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200


def test_it_sends_an_anonymous_log_out_to_the_login_page(client):
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


# --- password reset ----------------------------------------------------------------------
def test_it_resets_a_password_through_the_emailed_link(client, board):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200 and "Wachtwoord vergeten" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": board.mentor.email})
    assert response["Location"] == reverse("password_reset_done")
    assert "Kijk in uw mailbox" in client.get(reverse("password_reset_done")).content.decode()
    [message] = mail.outbox
    assert message.to == [board.mentor.email] and message.subject == "Nieuw wachtwoord voor Pestzaak"
    link = re.search(r"https?://[^/]+(/wachtwoord-herstellen/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Nieuw-Lang-Wachtwoord-42", "new_password2": "Nieuw-Lang-Wachtwoord-42"})
    assert done["Location"] == reverse("password_reset_complete")
    assert "Uw wachtwoord is opgeslagen" in client.get(reverse("password_reset_complete")).content.decode()
    assert log_in(client, board.mentor.email, "Nieuw-Lang-Wachtwoord-42").status_code == 302


def test_it_says_the_same_for_an_unknown_address_and_sends_nothing(client, board):
    response = client.post(reverse("password_reset"), {"email": "niemand@school.example"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_it_explains_a_malformed_address(client):
    response = client.post(reverse("password_reset"), {"email": "geen-adres"})
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in response.content.decode()


def test_it_refuses_a_broken_reset_link_in_dutch(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "ongeldig-token"]))
    assert response.status_code == 200
    assert "Deze link is verlopen of al gebruikt." in response.content.decode()


def test_it_refuses_a_weak_new_password_in_dutch(client, board):
    ensure_compiled()  # locale/nl corrects a message Django's own Dutch catalogue lacks
    client.post(reverse("password_reset"), {"email": board.mentor.email})
    link = re.search(r"https?://[^/]+(/wachtwoord-herstellen/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in response.content.decode()
