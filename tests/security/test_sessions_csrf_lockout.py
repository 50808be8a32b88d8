"""Session fixation, CSRF on every state-changing form (generated from the URL
configuration), and the log-in lock-out on the page and the token API."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from people.api_tokens import ApiToken
from tests.factories import PASSWORD
from tests.walls.routes import NON_ID_VALUES, all_routes, describe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The token API's throttle counts in the cache; other tests may have used it up."""
    cache.clear()
    yield
    cache.clear()

#: Routes a browser may POST to without a CSRF token, and why.
CSRF_EXEMPT: dict[str, str] = {
    "api-token": "no session: e-mail and password in, a token out (nothing a forged form could use)",
    "api-thermometer-session": "anonymous survey API: the one-time code in the body is the credential",
    "api-thermometer-submit": "anonymous survey API: the session token in the body is the credential",
    "api-thermometer-draft": "anonymous survey API: the session token in the body is the credential",
    "api-thermometer-resume": "anonymous survey API: the session token in the body is the credential",
}


# --- session fixation ---------------------------------------------------------------------
def test_the_session_key_changes_at_log_in(client, board):
    client.get(reverse("login"))
    client.session["planted"] = "by someone else"  # make sure there is a session before log-in
    session = client.session
    session["planted"] = "yes"
    session.save()
    before = session.session_key
    response = client.post(reverse("login"), {"username": board.mentor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert not SessionStore().exists(before), "the old (pre-log-in) session must be gone"


def test_a_session_id_planted_by_an_attacker_is_not_logged_in(board):
    planted = SessionStore()
    planted.create()
    victim = Client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    victim.post(reverse("login"), {"username": board.mentor.email, "password": PASSWORD})
    assert victim.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get(reverse("incidents:case_list")).status_code == 302  # to the log-in page


def test_the_session_ends_at_log_out(client, board):
    client.force_login(board.mentor)
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not SessionStore().exists(key)


# --- CSRF ---------------------------------------------------------------------------------
def _post_targets():
    for route in all_routes():
        if route.name in CSRF_EXEMPT:
            continue
        values = {p: ("1" if p not in NON_ID_VALUES else NON_ID_VALUES[p]) for p in route.params}
        for p in route.params:
            if p in ("org_slug", "branch_slug", "uidb64", "token", "kind"):
                values[p] = {"token": "0" * 32 + "a" * 43}.get(p, "x") if p != "kind" else "agreements"
        try:
            url = route.url(values)
        except Exception:  # a regex that wants another shape: say which
            pytest.fail(f"cannot build a URL for {describe(route)}")
        yield route, url


def test_a_post_without_csrf_token_is_refused_everywhere(board):
    """Every route, logged in (session), POSTed without a token: 403 before the view runs."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(board.coordinator)
    client.get(reverse("home"))  # the CSRF cookie is there; only the token in the form is missing
    failures = []
    for route, url in _post_targets():
        response = client.post(url, {"x": "1"})
        if response.status_code != 403:
            failures.append(f"{describe(route)} POST {url} -> {response.status_code}")
        elif not route.is_api and "CSRF" not in response.content.decode():
            failures.append(f"{describe(route)} POST {url} -> 403, but not for the CSRF check")
    assert not failures, "\n".join(failures)


def test_anonymous_forms_need_the_token_too(board):
    client = Client(enforce_csrf_checks=True)
    for url in (reverse("login"), reverse("password_reset"),
                reverse("public_report:report", args=[board.organisation.slug, board.branch.slug]),
                reverse("monitoring:thermometer_start")):
        assert client.post(url, {"x": "1"}).status_code == 403, url


def test_a_post_with_the_token_gets_through(board):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    token = page.context["csrf_token"]
    response = client.post(reverse("login"), {"username": board.mentor.email, "password": PASSWORD,
                                              "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302


# --- lock-out -----------------------------------------------------------------------------
def test_the_log_in_page_locks_an_account_after_five_failures(client, board):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert client.post(reverse("login"), {"username": board.mentor.email, "password": "fout"}).status_code == 200  # pragma: allowlist secret
    locked = client.post(reverse("login"), {"username": board.mentor.email, "password": "fout"})
    assert locked.status_code == 429 and "Tijdelijk geblokkeerd" in locked.content.decode()
    right = client.post(reverse("login"), {"username": board.mentor.email, "password": PASSWORD})
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # The token API refuses the locked account as well.
    api = client.post("/api/v1/auth/token/", {"email": board.mentor.email, "password": PASSWORD},
                      content_type="application/json")
    assert api.status_code == 429
    assert not ApiToken.objects.filter(user=board.mentor).exists()


def test_the_token_api_locks_an_account_after_five_failures(client, board):
    def ask(password):
        return client.post("/api/v1/auth/token/", {"email": board.coordinator.email, "password": password},
                           content_type="application/json")

    assert [ask("fout").status_code for _ in range(4)] == [401] * 4
    locked = ask("fout")
    assert locked.status_code == 429 and "geblokkeerd" in locked.json()["detail"]
    assert ask(PASSWORD).status_code == 429
    assert not ApiToken.objects.filter(user=board.coordinator).exists()
    # … and the page as well.
    page = client.post(reverse("login"), {"username": board.coordinator.email, "password": PASSWORD})
    assert page.status_code == 429
