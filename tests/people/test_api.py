"""The REST API /api/v1/…: tokens, the wall between organisations, role rules, bad input."""
from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.api_tokens import ApiToken, digest
from people.models import AuditEvent, RoleAssignment
from people.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Niet gevonden."}
BAD_LOGIN = "Dit e-mailadres en wachtwoord horen niet bij elkaar, of het account is tijdelijk geblokkeerd."
LOCKED = (
    "Er is te vaak een verkeerd wachtwoord ingevuld voor dit account: het is tijdelijk geblokkeerd. "
    "Probeer het over een half uur opnieuw."
)
BAD_JSON = "De gegevens zijn geen geldige JSON: controleer de opmaak."

LISTS = ["organisations", "branches", "departments", "classes", "students", "staff-roles"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The token endpoint is throttled per address in the cache; every test starts afresh.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def department(board):
    with board.tenant():
        return f.DepartmentFactory(branch=board.branch)


def detail_ids(board, department) -> dict[str, object]:
    with board.tenant():
        role = RoleAssignment.objects.get(user=board.teacher)
    return {
        "organisations": board.organisation.pk,
        "branches": board.branch.pk,
        "departments": department.pk,
        "classes": board.school_class.pk,
        "students": board.student.pk,
        "staff-roles": role.pk,
    }


def get(client, path, **kwargs):
    return client.get(f"/api/v1/{path}", **kwargs)


def post_json(client, path, data, **kwargs):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(f"/api/v1/{path}", body, content_type="application/json", **kwargs)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def token_for(client, user) -> str:
    response = post_json(client, "auth/token/", {"email": user.email, "password": f.PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


# --- authentication ----------------------------------------------------------------------
@pytest.mark.parametrize("name", LISTS)
def test_it_refuses_anonymous_lists_with_401(client, name):
    response = get(client, f"{name}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json() == {"detail": "Authenticatiegegevens zijn niet opgegeven."}


@pytest.mark.parametrize("name", LISTS)
def test_it_refuses_anonymous_details_with_401(client, board, department, name):
    response = get(client, f"{name}/{detail_ids(board, department)[name]}/")
    assert response.status_code == 401


def test_it_exchanges_email_and_password_for_a_token(client, board):
    response = post_json(client, "auth/token/", {"email": board.coordinator.email.upper(), "password": f.PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    # Shown once, stored only as its hash.
    stored = ApiToken.objects.get(user=board.coordinator)
    assert stored.key_hash == digest(token) and token not in stored.key_hash


def test_it_gives_a_new_token_each_time(client, board):
    assert token_for(client, board.mentor) != token_for(client, board.mentor)


def test_it_accepts_the_token_header_and_sees_the_users_organisation(client, board):
    # Row-level security: the tenant of a token user must be activated after DRF
    # authenticates (the middleware only knows session users).
    token = token_for(client, board.coordinator)
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert [o["name"] for o in results(get(client, "organisations/", **headers))] == [board.organisation.name]
    ids = {s["id"] for s in results(get(client, "students/", **headers))}
    assert ids == {board.student.pk, board.other_student.pk}
    detail = get(client, f"students/{board.student.pk}/", **headers)
    assert detail.status_code == 200 and detail.json()["external_id"] == board.student.external_id


def test_it_refuses_a_made_up_token(client):
    response = get(client, "students/", HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert response.status_code == 401
    assert "ongeldig of ingetrokken" in response.json()["detail"]


def test_it_refuses_a_wrong_password_with_401(client, board):
    response = post_json(client, "auth/token/", {"email": board.mentor.email, "password": "fout-wachtwoord"})
    assert response.status_code == 401
    assert response.json() == {"detail": BAD_LOGIN}
    assert not ApiToken.objects.filter(user=board.mentor).exists()


def test_it_refuses_an_unknown_email_with_the_same_answer(client, board):
    response = post_json(client, "auth/token/", {"email": "niemand@school.example", "password": f.PASSWORD})
    assert response.status_code == 401
    assert response.json() == {"detail": BAD_LOGIN}


def test_it_refuses_an_inactive_account(client, board):
    board.mentor.is_active = False
    board.mentor.save()
    response = post_json(client, "auth/token/", {"email": board.mentor.email, "password": f.PASSWORD})
    assert response.status_code == 401


def test_it_locks_the_token_endpoint_after_repeated_failures(client, board, settings):
    codes = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        codes.append(post_json(client, "auth/token/", {"email": board.mentor.email, "password": "fout"}).status_code)
        cache.clear()  # the throttle is not what we test here
    assert codes == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = post_json(client, "auth/token/", {"email": board.mentor.email, "password": f.PASSWORD})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": LOCKED}
    assert not ApiToken.objects.filter(user=board.mentor).exists()


def test_it_throttles_token_requests(client, board):
    codes = [
        post_json(client, "auth/token/", {"email": f"niemand{i}@school.example", "password": "x"}).status_code
        for i in range(11)
    ]
    assert codes[:10] == [401] * 10 and codes[10] == 429


@pytest.mark.parametrize(
    "body, expected",
    [
        ("{email: ", {"detail": BAD_JSON}),
        ("", {"email": ["Vul uw e-mailadres in."], "password": ["Vul uw wachtwoord in."]}),
        ({}, {"email": ["Vul uw e-mailadres in."], "password": ["Vul uw wachtwoord in."]}),
        ({"email": "iemand@school.example"}, {"password": ["Vul uw wachtwoord in."]}),
        ({"email": "geen-adres", "password": "x"}, {"email": ["Vul een geldig e-mailadres in."]}),
    ],
)
def test_it_explains_bad_token_requests_in_dutch(client, body, expected):
    response = post_json(client, "auth/token/", body)
    assert response.status_code == 400
    assert response.json() == expected


def test_it_answers_a_json_list_with_400(client):
    response = post_json(client, "auth/token/", [1, 2])
    assert response.status_code == 400


def test_it_accepts_a_form_encoded_token_request(client, board):
    response = client.post("/api/v1/auth/token/", {"email": board.mentor.email, "password": f.PASSWORD})
    assert response.status_code == 200 and "token" in response.json()


# --- the wall between organisations -----------------------------------------------------
@pytest.mark.parametrize("name", LISTS)
def test_it_gives_404_for_another_organisations_ids(client, board, other_board, department, name):
    client.force_login(other_board.board_coordinator)
    response = get(client, f"{name}/{detail_ids(board, department)[name]}/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("name", LISTS)
def test_it_lists_nothing_of_another_organisation(client, board, other_board, department, name):
    client.force_login(other_board.board_coordinator)
    ids = {str(row["id"]) for row in results(get(client, f"{name}/"))}
    assert str(detail_ids(board, department)[name]) not in ids
    body = json.dumps(results(get(client, f"{name}/")))
    assert board.organisation.name not in body and board.branch.name not in body


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("bad_id", ["999999", "abc", "1.5", "99999999999999999999999999", "%20"])
def test_it_gives_404_for_unknown_and_malformed_ids(client, board, name, bad_id):
    client.force_login(board.board_coordinator)
    response = get(client, f"{name}/{bad_id}/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_it_explains_a_bad_filter_in_dutch(client, board, other_board):
    client.force_login(board.board_coordinator)
    response = get(client, "students/", data={"branch": "abc"})
    assert response.status_code == 400
    assert response.json() == {"branch": ["Voer een getal in."]}
    # Another organisation's branch id is simply an empty result, like any unknown id.
    assert results(get(client, "students/", data={"branch": other_board.branch.pk})) == []
    assert results(get(client, "students/", data={"branch": 999999})) == []


# --- role rules inside one organisation -------------------------------------------------
def student_ids(client, user) -> set[int]:
    client.force_login(user)
    return {row["id"] for row in results(get(client, "students/"))}


def test_it_shows_a_mentor_only_their_own_classes_students(client, board):
    assert student_ids(client, board.mentor) == {board.student.pk}
    assert get(client, f"students/{board.other_student.pk}/").status_code == 404


def test_it_shows_a_teacher_no_student_records(client, board):
    assert student_ids(client, board.teacher) == set()
    assert get(client, f"students/{board.student.pk}/").status_code == 404


def test_it_shows_a_coordinator_their_branch(client, board):
    with board.tenant():
        elsewhere = f.StudentFactory(branch=board.other_branch)
    assert student_ids(client, board.coordinator) == {board.student.pk, board.other_student.pk}
    assert get(client, f"students/{elsewhere.pk}/").status_code == 404
    assert {b["id"] for b in results(get(client, "branches/"))} == {board.branch.pk}
    assert get(client, f"branches/{board.other_branch.pk}/").status_code == 404


def test_it_shows_a_board_coordinator_everything(client, board):
    with board.tenant():
        elsewhere = f.StudentFactory(branch=board.other_branch)
    assert student_ids(client, board.board_coordinator) == {board.student.pk, board.other_student.pk, elsewhere.pk}
    assert {b["id"] for b in results(get(client, "branches/"))} == {board.branch.pk, board.other_branch.pk}


def test_it_lists_classes_with_mentors_and_departments_by_branch(client, board, department):
    client.force_login(board.teacher)
    classes = {c["id"]: c for c in results(get(client, "classes/"))}
    assert classes[board.school_class.pk]["mentors"] == [board.mentor.full_name]
    assert [d["id"] for d in results(get(client, "departments/", data={"branch": board.branch.pk}))] == [department.pk]


def test_it_audits_a_student_read_but_not_a_list(client, board):
    client.force_login(board.coordinator)
    get(client, "students/")
    with board.tenant():
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.READ).exists()
    get(client, f"students/{board.student.pk}/")
    with board.tenant():
        event = AuditEvent.objects.get(action=AuditEvent.Action.READ)
        assert event.actor == board.coordinator and event.object_id == str(board.student.pk)


# --- staff roles: only management grants and revokes ----------------------------------------
def grant(client, acting, **data):
    client.force_login(acting)
    return post_json(client, "staff-roles/", data)


@pytest.fixture
def newcomer(board):
    return f.UserFactory(organisation=board.organisation)


@pytest.fixture
def board_management(board):
    return f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)


def test_it_lets_branch_management_grant_a_role_at_its_branch(client, board, newcomer):
    response = grant(client, board.management, user=newcomer.pk, role=Role.MENTOR, branch=board.branch.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["id"] == newcomer.pk and body["role_label"] == "Mentor"
    with board.tenant():
        event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED)
        assert event.actor == board.management
        assert event.object_id == str(body["id"])
        assert event.detail == {"user_id": newcomer.pk, "role": "mentor", "branch_id": board.branch.pk}


def test_it_refuses_branch_management_at_another_branch(client, board, newcomer):
    response = grant(client, board.management, user=newcomer.pk, role=Role.MENTOR, branch=board.other_branch.pk)
    assert response.status_code == 404
    with board.tenant():
        assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_it_refuses_branch_management_a_board_role(client, board, newcomer):
    response = grant(client, board.management, user=newcomer.pk, role=Role.BOARD_COORDINATOR)
    assert response.status_code == 403
    assert response.json() == {"detail": "U mag deze rol niet toekennen."}


@pytest.mark.parametrize("persona", ["mentor", "teacher", "coordinator", "adviser", "board_coordinator"])
def test_it_refuses_grants_by_anyone_but_management(client, board, newcomer, persona):
    response = grant(client, getattr(board, persona), user=newcomer.pk, role=Role.TEACHER, branch=board.branch.pk)
    assert response.status_code == 403
    with board.tenant():
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED).exists()


def test_it_lets_board_management_grant_anywhere(client, board, newcomer, board_management):
    assert grant(client, board_management, user=newcomer.pk, role=Role.COORDINATOR,
                 branch=board.other_branch.pk).status_code == 201
    assert grant(client, board_management, user=newcomer.pk, role=Role.BOARD_COORDINATOR).status_code == 201
    with board.tenant():
        assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED).count() == 2


def test_it_refuses_a_grant_to_someone_of_another_organisation(client, board, other_board, board_management):
    response = grant(client, board_management, user=other_board.teacher.pk, role=Role.MENTOR, branch=board.branch.pk)
    assert response.status_code == 404
    response = grant(client, board_management, user=board.teacher.pk, role=Role.MENTOR, branch=other_board.branch.pk)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"role": "mentor"}, {"user": ["Dit veld is vereist."]}),
        ({"user": "abc", "role": "mentor"}, {"user": ["Een geldig getal is vereist."]}),
        ({"user": 1, "role": "koning"}, {"role": ["“koning” is geen bekende rol."]}),
    ],
)
def test_it_explains_bad_grants_in_dutch(client, board, data, expected):
    response = grant(client, board.management, **data)
    assert response.status_code == 400
    assert response.json() == expected


def test_it_explains_a_branch_role_without_a_branch(client, board, newcomer, board_management):
    response = grant(client, board_management, user=newcomer.pk, role=Role.MENTOR)
    assert response.status_code == 400
    assert response.json() == {"detail": ["Kies de vestiging waar deze rol geldt."]}


# On SQLite Django leaves out a unique constraint with nulls_distinct (PostgreSQL 15+ only),
# so RoleAssignment's uniqueness only holds on PostgreSQL.
@pytest.mark.postgres
def test_it_explains_a_duplicate_grant(client, board, board_management):
    response = grant(client, board_management, user=board.teacher.pk, role=Role.TEACHER, branch=board.branch.pk)
    assert response.status_code == 400
    assert response.json() == {"detail": ["Deze medewerker heeft deze rol hier al."]}


def test_it_answers_malformed_json_on_grants_with_400(client, board):
    client.force_login(board.management)
    response = post_json(client, "staff-roles/", '{"user": 1,')
    assert response.status_code == 400
    assert response.json() == {"detail": BAD_JSON}


def teacher_role(board) -> RoleAssignment:
    with board.tenant():
        return RoleAssignment.objects.get(user=board.teacher)


def test_it_lets_management_revoke_a_role_and_audits_it(client, board):
    role = teacher_role(board)
    client.force_login(board.management)
    response = client.delete(f"/api/v1/staff-roles/{role.pk}/")
    assert response.status_code == 204
    with board.tenant():
        assert not RoleAssignment.objects.filter(pk=role.pk).exists()
        event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_REVOKED)
        assert event.actor == board.management and event.object_id == str(role.pk)


def test_it_refuses_a_revoke_by_a_coordinator(client, board):
    role = teacher_role(board)
    client.force_login(board.coordinator)
    response = client.delete(f"/api/v1/staff-roles/{role.pk}/")
    assert response.status_code == 403
    assert response.json() == {"detail": "U mag deze rol niet intrekken."}
    with board.tenant():
        assert RoleAssignment.objects.filter(pk=role.pk).exists()
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_REVOKED).exists()


def test_it_hides_other_peoples_roles_from_a_mentor(client, board):
    role = teacher_role(board)
    client.force_login(board.mentor)
    assert {r["user"]["id"] for r in results(get(client, "staff-roles/"))} == {board.mentor.pk}
    assert client.delete(f"/api/v1/staff-roles/{role.pk}/").status_code == 404


def test_it_refuses_management_a_revoke_at_another_branch(client, board):
    with board.tenant():
        elsewhere = RoleAssignment.objects.get(user=f.make_staff(Role.MENTOR, branch=board.other_branch))
    client.force_login(board.management)
    assert client.delete(f"/api/v1/staff-roles/{elsewhere.pk}/").status_code == 404


def test_it_refuses_writes_on_read_only_endpoints(client, board):
    client.force_login(board.board_coordinator)
    assert post_json(client, "students/", {"first_name": "X"}).status_code == 405
    assert client.delete(f"/api/v1/students/{board.student.pk}/").status_code == 405


# --- query counts ----------------------------------------------------------------------
def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["mentor", "coordinator", "board_coordinator"])
def test_it_lists_students_in_a_constant_number_of_queries(client, board, persona):
    client.force_login(getattr(board, persona))
    with board.tenant():
        f.EnrolmentFactory.create_batch(3, school_class=board.school_class)
    few = _count(client, "students/")
    with board.tenant():
        f.EnrolmentFactory.create_batch(45, school_class=board.school_class)
    assert _count(client, "students/") == few


def test_it_lists_classes_in_a_constant_number_of_queries(client, board):
    client.force_login(board.board_coordinator)
    few = _count(client, "classes/")
    with board.tenant():
        for _ in range(10):
            f.make_mentor_of(f.SchoolClassFactory(branch=board.branch, school_year=board.school_class.school_year))
    assert _count(client, "classes/") == few


# --- schema and docs ----------------------------------------------------------------------
def test_the_schema_and_docs_are_for_logged_in_users_only(client, board):
    for url in ("/api/schema/?format=json", "/api/docs/"):
        assert client.get(url).status_code in (401, 403), url
    key = f.api_key(board.teacher)
    assert client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_it_serves_the_openapi_schema_with_every_endpoint(client, board):
    client.force_login(board.teacher)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for name in LISTS:
        assert f"/api/v1/{name}/" in paths and f"/api/v1/{name}/{{id}}/" in paths
    assert "/api/v1/auth/token/" in paths
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_it_renders_the_api_docs_without_inline_code(client, board):
    client.force_login(board.teacher)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="swagger-ui"' in page and "<style" not in page and "<script>" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
