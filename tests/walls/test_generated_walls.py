"""Tenant and role walls, generated from the URL configuration and the OpenAPI schema.

Nobody writes a test per endpoint here: every route that takes an id is found in
``get_resolver()`` (and every API operation in /api/schema/), its ids are filled with
objects of the *other* organisation (tests/walls/routes.py maps parameter names onto the
objects of tests/walls/world.py) and the answer must be 404 — for GET and for every
state-changing method the route accepts. A route whose method is not accepted at all
answers 405 on any id, which leaks nothing; that is the only other answer allowed.

Then every page and API list, search, export and file is read by each persona of the
first organisation, and nothing of the second may appear in it (its names, e-mail
addresses, titles and texts all carry the marker "Noordkaap"); nor may the confidential
adviser's note appear to anyone but the adviser.

Inside one organisation: a mentor on another class's dossier, a teacher on any dossier,
the branch's roles on the other branch's dossier get 404 as well. Where a page answers
403 instead, the object is *visible* to that user and the page says they may not do this
with it ("U werkt niet aan deze zaak", "Alleen de vertrouwenspersoon …"): those are listed
in ``test_visible_objects_the_role_may_not_change_answer_403`` with their messages.
"""
from __future__ import annotations

import subprocess

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve
from rest_framework.test import APIClient

from tests.factories import api_key

from .routes import (
    DOSSIER_KEYS,
    NON_ID_VALUES,
    NOT_IDS,
    PARAM_MODELS,
    Route,
    all_routes,
    describe,
    pick,
    pk_of,
    unmapped,
)

pytestmark = pytest.mark.django_db

PERSONAS = ("mentor", "teacher", "coordinator", "adviser", "management", "board_coordinator")
PAGE_METHODS = ("get", "post")
API_METHODS = ("get", "post", "put", "patch", "delete")
CSRF_SECRET = "WallsWallsWallsWallsWallsWalls12"  # a valid unmasked CSRF secret (32)  # pragma: allowlist secret
MISSING_ID = "987654321"

#: Who may not see which dossier of their own organisation (tests/walls/world.py).
HIDDEN_DOSSIERS = {
    "mentor": ("other_class", "other_branch"),
    "teacher": ("case", "other_class", "other_branch"),
    "coordinator": ("other_branch",),
    "adviser": ("other_branch",),
    "management": ("other_branch",),
    "board_coordinator": (),
}


# --- clients -------------------------------------------------------------------------
class Clients:
    """One logged-in client per user: CSRF-enforcing session clients for pages, token
    clients for the API (as the API's users call it)."""

    def __init__(self):
        self._pages: dict[int, Client] = {}
        self._api: dict[int, APIClient] = {}

    def page(self, user) -> Client:
        if user.pk not in self._pages:
            client = Client(enforce_csrf_checks=True)
            client.force_login(user)
            client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
            self._pages[user.pk] = client
        return self._pages[user.pk]

    def api(self, user) -> APIClient:
        if user.pk not in self._api:
            client = APIClient()
            token = api_key(user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            self._api[user.pk] = client
        return self._api[user.pk]

    def send(self, user, route: Route, method: str, url: str, query: dict | None = None):
        if route.is_api:
            client = self.api(user)
            if method == "get":
                return client.get(url, query or {})
            return getattr(client, method)(url, {}, format="json")
        client = self.page(user)
        if method == "get":
            return client.get(url, query or {})
        return getattr(client, method)(url, {}, HTTP_X_CSRFTOKEN=CSRF_SECRET)


@pytest.fixture
def clients():
    return Clients()


# --- what to try -----------------------------------------------------------------------
def id_routes() -> list[Route]:
    return [r for r in all_routes() if r.id_params()]


def api_operations(clients, user) -> dict[tuple[str, str], set[str]]:
    """{(route name, pattern): methods} from the OpenAPI schema, matched onto URL patterns."""
    response = clients.api(user).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.content[:300]
    operations: dict[tuple[str, str], set[str]] = {}
    for path, item in response.json()["paths"].items():
        concrete = path
        for part in path.split("{")[1:]:
            concrete = concrete.replace("{" + part.split("}")[0] + "}", MISSING_ID)
        match = resolve(concrete)
        methods = {m for m in item if m in API_METHODS}
        operations.setdefault((match.view_name, _norm(match.route)), set()).update(methods)
    return operations


def _norm(pattern: str) -> str:
    return pattern.replace("^", "")  # Django drops the "^" of included regexes in match.route


def methods_for(route: Route, operations) -> tuple[str, ...]:
    if not route.is_api:
        return PAGE_METHODS
    documented = operations.get((route.name, _norm(route.pattern)))
    return tuple(sorted(documented)) if documented else API_METHODS


def fillings(route: Route, home, away, *, dossier: str = "case"):
    """All of ``away`` first; then, for routes with several ids, one ``away`` id among
    ``home`` ids (another organisation's entry on one's own case, and so on)."""
    params = route.id_params()
    own = {p: pk_of(pick(home, route.model_of(p), dossier)) for p in params}
    foreign = {p: pk_of(pick(away, route.model_of(p), dossier)) for p in params}
    yield "all ids of the other organisation", foreign
    if len(params) > 1:
        for p in params:
            mixed = {**own, p: foreign[p]}
            if mixed != foreign:
                yield f"only {p} of the other organisation", mixed


class MethodProbe:
    """Does a route take a method at all? Asked with an id nobody has (answers 404 or 405)."""

    def __init__(self, clients):
        self.clients = clients
        self.cache: dict[tuple[str, str, str], int] = {}

    def refuses(self, user, route: Route, method: str) -> bool:
        key = (route.name, route.pattern, method)
        if key not in self.cache:
            url = route.url({p: MISSING_ID for p in route.id_params()})
            self.cache[key] = self.clients.send(user, route, method, url).status_code
        return self.cache[key] == 405


def _walls(clients, users, routes, operations, home, away, *, dossier="case", label=""):
    probe = MethodProbe(clients)
    failures = []
    for route in routes:
        for method in methods_for(route, operations):
            for what, values in fillings(route, home, away, dossier=dossier):
                url = route.url(values)
                for persona, user in users.items():
                    status = clients.send(user, route, method, url).status_code
                    if status == 404 or (status == 405 and probe.refuses(user, route, method)):
                        continue
                    failures.append(f"{label}{persona} {method.upper()} {url} [{describe(route)}, {what}] -> {status}")
    return failures


def _report(failures, limit=40):
    shown = "\n".join(failures[:limit])
    more = f"\n… and {len(failures) - limit} more" if len(failures) > limit else ""
    return f"{len(failures)} failures:\n{shown}{more}"


# --- the tests ---------------------------------------------------------------------------
def test_every_route_that_takes_an_id_is_mapped(world):
    """A new route with an id must say which object the id names (tests/walls/routes.py)."""
    problems = [
        f"{describe(route)} takes {', '.join(unmapped(route))}: map it in tests/walls/routes.py "
        f"(PARAM_MODELS by name, ROUTE_PARAM_MODELS for this route, or NOT_IDS with the reason "
        f"when it is not an object id) and give tests/walls/world.py one such object per organisation."
        for route in all_routes()
        if unmapped(route)
    ]
    assert not problems, "\n".join(problems)
    # Every mapped key can be filled from both organisations.
    for route in id_routes():
        for p in route.id_params():
            for side in (world.home, world.away):
                assert pick(side, route.model_of(p)) is not None, f"{describe(route)}: no {route.model_of(p)} in the world"


def test_every_api_route_with_an_id_is_in_the_schema(world, clients):
    operations = api_operations(clients, world.home.personas["board_coordinator"])
    missing = [
        describe(r) for r in id_routes()
        if r.is_api and "format" not in r.params and (r.name, _norm(r.pattern)) not in operations
    ]
    assert not missing, "API routes missing from /api/schema/ (so the fuzzer never sees them):\n" + "\n".join(missing)


#: The three widths of sight: own class, own branch, whole organisation (every other role
#: sees a subset of one of these; the hidden-dossier test below covers each role).
WALL_PERSONAS = ("mentor", "coordinator", "board_coordinator")


def test_every_id_of_the_other_organisation_is_404(world, clients):
    home, away = world.home, world.away
    operations = api_operations(clients, home.personas["board_coordinator"])
    users = {p: home.personas[p] for p in WALL_PERSONAS}
    failures = _walls(clients, users, id_routes(), operations, home, away)
    # And the other way round, for the other board's widest role.
    failures += _walls(clients, {"board_coordinator": away.personas["board_coordinator"]}, id_routes(),
                       operations, away, home, label="(other board) ")
    assert not failures, _report(failures)


def test_inside_one_organisation_hidden_dossiers_are_404(world, clients):
    """A mentor on another class's dossier, a teacher on any dossier, the branch's roles
    on the other branch's: every route of the dossier's parts answers 404."""
    home = world.home
    operations = api_operations(clients, home.personas["board_coordinator"])
    dossier_routes = [r for r in id_routes() if {r.model_of(p) for p in r.id_params()} <= DOSSIER_KEYS]
    assert len(dossier_routes) > 20, [describe(r) for r in dossier_routes]
    failures = []
    for persona, hidden in HIDDEN_DOSSIERS.items():
        for dossier in hidden:
            failures += _walls(clients, {persona: home.personas[persona]}, dossier_routes, operations,
                               home, home, dossier=dossier, label=f"[{dossier}] ")
    assert not failures, _report(failures)


def test_a_staff_member_excluded_from_a_case_sees_it_as_an_outsider(world, clients):
    """Conflict of interest: the head of department recorded as the alleged bully gets 404
    on every route of the case's parts, and no list, search, export or file shows it —
    while the same person still sees the branch's other dossier."""
    home = world.home
    excluded = home.objects["excluded_staff"]
    operations = api_operations(clients, home.personas["board_coordinator"])
    dossier_routes = [r for r in id_routes() if {r.model_of(p) for p in r.id_params()} <= DOSSIER_KEYS]
    failures = _walls(clients, {"excluded": excluded}, dossier_routes, operations, home, home, dossier="case",
                      label="[excluded] ")
    other = home.dossiers["other_class"].case
    assert clients.page(excluded).get(f"/zaken/{other.pk}/").status_code == 200  # the role still works
    case = home.dossiers["case"].case
    secrets = ["uitgescholden", case.title.lower(), case.reference.lower()]
    read = 0
    for route, url in _readable_routes(home):
        if route.name == "incidents:calendar_feed":
            continue  # the mentor's own feed, read with the mentor's secret token
        for query in SEARCHES:
            response = clients.send(excluded, route, "get", url, query)
            if response.status_code >= 500:
                failures.append(f"excluded GET {url} {query} -> {response.status_code}")
                continue
            read += response.status_code == 200
            body = _body(response).lower()
            if "q" in query:  # a search page may echo the query, never a hit
                body = body.replace("ockel", "")
            found = [s for s in secrets if s in body]
            if found:
                failures.append(f"excluded GET {url} {query}: shows {found} of the case they are excluded from")
    assert read > 30, read
    assert not failures, _report(failures)


def test_another_persons_notification_is_404(world, clients):
    home = world.home
    theirs = home.objects["notification"]  # the mentor's
    route = next(r for r in all_routes() if r.name == "people:notification_open")
    for persona in ("teacher", "coordinator", "adviser", "management", "board_coordinator"):
        response = clients.send(home.personas[persona], route, "post", route.url({"notification_id": theirs.pk}))
        assert response.status_code == 404, persona


# --- nothing of the other organisation in any list, search, export or file ---------------
SEARCHES = ({}, {"q": "Ockel", "search": "Ockel", "student": "Ockel", "zoek": "Ockel", "page": "1"})


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=False).stdout.decode(
            "utf-8", "replace")
    return content.decode("utf-8", "replace")


def _readable_routes(home):
    """Every route a GET can reach, with the first organisation's own ids and tokens."""
    fill = {"org_slug": home.organisation.slug, "branch_slug": home.branch.slug}
    for route in all_routes():
        if route.name in ("logout", "set_language", "api-schema", "api-docs"):
            continue
        values = {}
        for p in route.params:
            if p in NON_ID_VALUES:
                continue  # Route.url fills it in
            if p == "token":
                if route.name != "incidents:calendar_feed":
                    break
                values[p] = home.feed_token
            elif p in NOT_IDS:
                if p not in fill:
                    break
                values[p] = fill[p]
            else:
                values[p] = pk_of(pick(home, route.model_of(p)))
        else:
            yield route, route.url(values)


def test_nothing_of_the_other_organisation_in_any_page_list_search_export_or_file(world, clients):
    home, away = world.home, world.away
    secrets = away.leak_markers
    failures, read = [], 0
    for route, url in _readable_routes(home):
        for persona, user in home.personas.items():
            searching = not route.id_params() and persona in ("coordinator", "board_coordinator")
            for query in SEARCHES if searching else ({},):
                response = clients.send(user, route, "get", url, query)
                if response.status_code >= 500:
                    failures.append(f"{persona} GET {url} {query} -> {response.status_code}")
                    continue
                body = _body(response).lower()
                read += response.status_code == 200
                found = [s for s in secrets if s in body]
                if found:
                    failures.append(f"{persona} GET {url} {query}: shows {found} of the other organisation")
                if persona != "adviser" and home.confidential_text.lower() in body:
                    failures.append(f"{persona} GET {url}: shows the confidential adviser's note")
                if persona != "adviser" and home.adviser_talk_text.lower() in body:
                    failures.append(f"{persona} GET {url}: shows a talk request meant for the adviser alone")
    assert read > 100, read
    assert not failures, _report(failures)


def test_a_talk_request_to_the_adviser_reaches_the_adviser_alone(world, clients):
    """Issue 11, item 6: no signal, no notification and no page for any other role."""
    home = world.home
    route = next(r for r in all_routes() if r.name == "monitoring:talk_request_detail")
    url = route.url({"talk_id": home.adviser_talk_id})
    for persona, user in home.personas.items():
        response = clients.send(user, route, "get", url)
        if persona == "adviser":
            assert response.status_code == 200 and home.adviser_talk_text in response.content.decode()
        else:
            assert response.status_code == 404, persona
    with home.tenant():
        from incidents.models import Signal
        from people.models import Notification

        assert not Signal.objects.filter(description__contains=home.adviser_talk_text[:20]).exists()
        notified = set(Notification.objects.filter(dedupe_key=f"talk-request:{home.adviser_talk_id}")
                       .values_list("recipient_id", flat=True))
    assert notified == {home.personas["adviser"].pk}


def test_the_confidential_note_reaches_only_its_author(world, clients):
    home = world.home
    case = home.dossiers["case"].case
    notes = next(r for r in all_routes() if r.name == "api-case-confidential-notes")
    page = next(r for r in all_routes() if r.name == "incidents:case_detail")
    for persona, user in home.personas.items():
        api = clients.send(user, notes, "get", notes.url({"pk": case.pk}))
        shown = clients.send(user, page, "get", page.url({"case_id": case.pk}))
        if persona == "teacher":
            assert (api.status_code, shown.status_code) == (404, 404)
            continue
        assert api.status_code == 200 and shown.status_code == 200, persona
        texts = [n["text"] for n in api.json()]
        if persona == "adviser":
            assert texts == [home.confidential_text]
            assert home.confidential_text in shown.content.decode()
        else:
            assert texts == [], persona
            assert home.confidential_text not in shown.content.decode(), persona


# --- visible, but not theirs to change: 403 with the reason --------------------------------
FORBIDDEN = [
    # (persona, route name, dossier part, message on the page)
    ("adviser", "incidents:entry_add", "case", "U werkt niet aan deze zaak"),
    ("adviser", "incidents:participant_add", "case", "Alleen wie aan de zaak werkt"),
    ("mentor", "incidents:confidential_note_add", "case", "Alleen de vertrouwenspersoon"),
    ("coordinator", "incidents:confidential_note_add", "case", "Alleen de vertrouwenspersoon"),
    ("management", "incidents:confidential_note_add", "case", "Alleen de vertrouwenspersoon"),
    ("board_coordinator", "incidents:confidential_note_add", "case", "Alleen de vertrouwenspersoon"),
    ("teacher", "incidents:signal_open", "new_signal", "Alleen de anti-pestcoördinator"),
    ("mentor", "api-case-confidential-notes", "case", "Alleen de vertrouwenspersoon"),
    ("coordinator", "api-case-confidential-notes", "case", "Alleen de vertrouwenspersoon"),
]


@pytest.mark.parametrize(("persona", "name", "part", "message"), FORBIDDEN,
                         ids=[f"{p}-{n}" for p, n, _x, _m in FORBIDDEN])
def test_visible_objects_the_role_may_not_change_answer_403(world, clients, persona, name, part, message):
    home = world.home
    route = next(r for r in all_routes() if r.name == name)
    obj = home.objects[part] if part in home.objects else home.dossiers[part].case
    (param,) = route.id_params()
    url = route.url({param: obj.pk})
    if route.is_api:  # a complete request, so that only the right is missing
        response = clients.api(home.personas[persona]).post(url, {"text": "Een poging."}, format="json")
        assert response.status_code == 403
        assert message in response.json()["detail"]
    else:
        response = clients.send(home.personas[persona], route, "post", url)
        assert response.status_code == 403
        # The page says "no access" (templates/errors/403.html); the reason is in the code's message.
        assert "Geen toegang" in response.content.decode()


def test_the_mapping_names_real_parameters():
    """Keeps PARAM_MODELS honest: every name in it is used by some route."""
    used = {p for r in all_routes() for p in r.params}
    assert set(PARAM_MODELS) <= used, set(PARAM_MODELS) - used


#: Ids a person never types but a probe does (issue 11, item 11): "³".isdigit() is true but
#: int("³") raises; "١٢" would read as 12; zero, negative and beyond the bigint range.
ODD_IDS = ("³", "١٢", "0", "-1", "9" * 25)


def test_odd_ids_on_every_id_route_are_404_never_500(world, clients):
    from django.urls import NoReverseMatch

    home = world.home
    user = home.personas["board_coordinator"]
    operations = api_operations(clients, user)
    probe = MethodProbe(clients)
    failures = []
    for route in id_routes():
        params = route.id_params()
        own = {p: pk_of(pick(home, route.model_of(p))) for p in params}
        for method in methods_for(route, operations):
            for odd in ODD_IDS:
                for p in params:  # one odd id among the user's own ids
                    try:
                        url = route.url({**own, p: odd})
                    except NoReverseMatch:
                        continue  # an <int:> converter: Django answers 404 before any view
                    status = clients.send(user, route, method, url).status_code
                    if status == 404 or (status == 405 and probe.refuses(user, route, method)):
                        continue
                    failures.append(f"{method.upper()} {url} [{describe(route)}] -> {status}")
    assert not failures, _report(failures)
