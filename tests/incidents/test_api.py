"""The dossier's REST API (/api/v1/signals/, cases/, evidence/): allowed and not allowed, for every endpoint."""
from __future__ import annotations

import io
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from rest_framework.test import APIClient

from incidents import services
from incidents.errors import STEP_CHANGED
from incidents.models import ConfidentialNote, Evidence, Participant, Signal, TimelineEntry
from incidents.services import SignalStudentInput
from people.models import AuditEvent
from tests.factories import api_key

from .helpers import log_signal, open_case, record, use_protocol

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def case_about(board, student, *, by=None):
    """A case about one student only, opened by the coordinator."""
    with board.tenant():
        signal = services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=by or board.coordinator,
            description="Wordt buitengesloten bij gym.", forms=["social_exclusion"],
            students=[SignalStudentInput(role="target", student_id=student.pk)],
        )
        return services.case_open(signal=signal, acting_user=board.coordinator,
                                  second_case_reason="Een andere situatie (test).")


def png(name="bewijs.png", size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def count(board, model, **filters):
    with board.tenant():
        return model.objects.filter(**filters).count()


def post_entry(client, case, record_kind, text="", **attrs):
    return client.post(f"{API}/cases/{case.pk}/entries/", {"kind": record_kind, "attrs": attrs, "text": text}, format="json")


def transition(client, case_id, key, expected_step, **extra):
    return client.post(
        f"{API}/cases/{case_id}/transitions/", {"transition": key, "expected_step": expected_step, **extra}, format="json"
    )


# --------------------------------------------------------------------------- authentication


def test_it_requires_authentication(board):
    case = open_case(board)
    anonymous = APIClient()
    for url in ("/signals/", "/cases/", f"/cases/{case.pk}/", f"/cases/{case.pk}/entries/", "/evidence/1/download/"):
        response = anonymous.get(API + url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Token")
    assert anonymous.post(f"{API}/signals/", {}, format="json").status_code == 401


def test_it_accepts_a_token(board):
    case = open_case(board)
    token = api_key(board.coordinator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(f"{API}/cases/")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [case.pk]


# --------------------------------------------------------------------------- signals


def signal_body(board, **overrides):
    body = {
        "branch": board.branch.pk,
        "description": "Wordt online uitgescholden in de klassenapp.",
        "students": [{"student": board.student.pk, "role": "target"}, {"description": "onbekend", "role": "bully"}],
        "forms": ["digital"],
        "occurred_on": "2025-10-01",
        "place": "klassenapp",
    }
    body.update(overrides)
    return body


def test_a_teacher_logs_a_signal_but_cannot_open_a_case(board):
    teacher = client_for(board.teacher)
    response = teacher.post(f"{API}/signals/", signal_body(board), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "new" and body["branch"]["id"] == board.branch.pk
    assert [(s["student"], s["role"]) for s in body["students"]] == [(board.student.pk, "target"), (None, "bully")]
    assert body["students"][1]["name"] == "onbekend"
    assert body["reported_by"]["id"] == board.teacher.pk
    # The teacher sees their own signal, but triage is for the coordinator.
    assert [s["id"] for s in teacher.get(f"{API}/signals/").json()["results"]] == [body["id"]]
    assert teacher.get(f"{API}/signals/{body['id']}/").status_code == 200
    refused = teacher.post(f"{API}/signals/{body['id']}/open-case/", {}, format="json")
    assert refused.status_code == 403
    assert "coördinator" in refused.json()["detail"]
    assert count(board, Signal, status="new") == 1


def test_the_coordinator_opens_a_case_from_a_signal(board):
    signal = log_signal(board, by=board.teacher)
    response = client_for(board.coordinator).post(
        f"{API}/signals/{signal.pk}/open-case/", {"title": "Kantine 2B"}, format="json"
    )
    assert response.status_code == 201, response.json()
    case = response.json()
    assert response["Location"] == f"{API}/cases/{case['id']}/"
    assert case["title"] == "Kantine 2B"
    assert case["step"] == {"key": "investigate", "label": case["step"]["label"], "number": "1"}
    assert case["protocol"]["key"] == "six_step" and case["protocol"]["version"] == 1
    assert sorted(p["role"] for p in case["participants"]) == ["bully", "target"]
    assert case["mentor"]["id"] == board.mentor.pk and case["coordinator"]["id"] == board.coordinator.pk
    signal_now = client_for(board.coordinator).get(f"{API}/signals/{signal.pk}/").json()
    assert signal_now["status"] == "linked" and signal_now["case"] == case["id"]
    again = client_for(board.coordinator).post(f"{API}/signals/{signal.pk}/open-case/", {}, format="json")
    assert again.status_code == 400


def test_bad_signals_are_refused_in_dutch_and_nothing_is_saved(board, other_board):
    client = client_for(board.mentor)
    cases = {
        "description": signal_body(board, description="   "),
        "students": signal_body(board, students=[]),
        "forms": signal_body(board, forms=["schelden"]),
        "occurred_on": signal_body(board, occurred_on="2030-01-01"),
        "branch": signal_body(board, branch=other_board.branch.pk),
    }
    for field, body in cases.items():
        response = client.post(f"{API}/signals/", body, format="json")
        assert response.status_code == 400, (field, response.json())
        assert field in response.json(), (field, response.json())
    missing = client.post(f"{API}/signals/", {}, format="json").json()
    assert missing["description"] == ["Dit veld is verplicht."]
    foreign = client.post(f"{API}/signals/", signal_body(board, students=[{"student": other_board.student.pk, "role": "target"}]), format="json")
    assert foreign.status_code == 400 and "niet gevonden" in str(foreign.json()["students"])
    nobody = client.post(f"{API}/signals/", signal_body(board, students=[{"role": "target"}]), format="json")
    assert nobody.status_code == 400 and "omschrijf" in str(nobody.json())
    bad_role = client.post(f"{API}/signals/", signal_body(board, students=[{"student": board.student.pk, "role": "baas"}]), format="json")
    assert bad_role.status_code == 400 and "geen geldige keuze" in str(bad_role.json())
    malformed = client.post(f"{API}/signals/", data='{"description": ', content_type="application/json")
    assert malformed.status_code == 400 and "JSON" in malformed.json()["detail"]
    assert count(board, Signal) == 0


def test_signals_of_another_board_are_not_found(board, other_board):
    signal = log_signal(other_board)
    client = client_for(board.board_coordinator)
    assert client.get(f"{API}/signals/").json()["results"] == []
    for url in ("/", "/open-case/", "/link/", "/dismiss/"):
        method = client.get if url == "/" else client.post
        assert method(f"{API}/signals/{signal.pk}{url}").status_code == 404, url
    for bad in ("abc", "99999999999999999999999", "-1"):
        response = client.get(f"{API}/signals/{bad}/")
        assert response.status_code == 404
        assert response.json()["detail"] == "Niet gevonden."


def test_a_teacher_does_not_see_someone_elses_signal(board):
    signal = log_signal(board, by=board.mentor)
    assert client_for(board.teacher).get(f"{API}/signals/{signal.pk}/").status_code == 404


def test_the_signal_list_filters_on_status_and_branch(board):
    first = log_signal(board)
    second = log_signal(board)
    client = client_for(board.coordinator)
    client.post(f"{API}/signals/{second.pk}/dismiss/", {"reason": "Misverstand; opgehelderd."}, format="json")
    assert [s["id"] for s in client.get(f"{API}/signals/").json()["results"]] == [first.pk]
    assert [s["id"] for s in client.get(f"{API}/signals/?status=dismissed").json()["results"]] == [second.pk]
    assert len(client.get(f"{API}/signals/?status=all").json()["results"]) == 2
    assert client.get(f"{API}/signals/?status=all&branch={board.other_branch.pk}").json()["results"] == []
    assert client.get(f"{API}/signals/?status=oud").status_code == 400
    assert client.get(f"{API}/signals/?branch=abc").status_code == 400


def test_a_signal_is_dismissed_with_a_reason_only_by_the_coordinator(board):
    signal = log_signal(board)
    assert client_for(board.mentor).post(f"{API}/signals/{signal.pk}/dismiss/", {"reason": "x"}, format="json").status_code == 403
    client = client_for(board.coordinator)
    missing = client.post(f"{API}/signals/{signal.pk}/dismiss/", {"reason": "  "}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    done = client.post(f"{API}/signals/{signal.pk}/dismiss/", {"reason": "Plagen, opgelost in de klas."}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
    assert client.post(f"{API}/signals/{signal.pk}/dismiss/", {"reason": "nogmaals"}, format="json").status_code == 400


def test_a_new_signal_is_linked_to_an_existing_case(board, other_board):
    case = open_case(board)
    signal = log_signal(board, description="Opnieuw uitgescholden bij de fietsenstalling.")
    foreign_case = open_case(other_board)
    client = client_for(board.coordinator)
    assert client.post(f"{API}/signals/{signal.pk}/link/", {"case": foreign_case.pk}, format="json").json() == {
        "case": ["Deze zaak is niet gevonden."]
    }
    assert client.post(f"{API}/signals/{signal.pk}/link/", {"case": "abc"}, format="json").status_code == 400
    assert client_for(board.mentor).post(f"{API}/signals/{signal.pk}/link/", {"case": case.pk}, format="json").status_code in (403, 404)
    linked = client.post(f"{API}/signals/{signal.pk}/link/", {"case": case.pk}, format="json")
    assert linked.status_code == 200 and linked.json()["case"] == case.pk
    assert count(board, TimelineEntry, case=case, text__contains="fietsenstalling") == 1


# --------------------------------------------------------------------------- cases


def test_the_case_list_shows_only_visible_cases(board, other_board):
    own = open_case(board)
    elsewhere = case_about(board, board.other_student)  # the mentor's class is not involved
    open_case(other_board)
    ids = lambda user, query="": [c["id"] for c in client_for(user).get(f"{API}/cases/{query}").json()["results"]]  # noqa: E731
    assert sorted(ids(board.coordinator)) == sorted([own.pk, elsewhere.pk])
    assert ids(board.mentor) == [own.pk]
    assert ids(board.teacher) == []
    assert ids(other_board.coordinator) != [] and own.pk not in ids(other_board.coordinator)
    assert ids(board.coordinator, f"?mentor={board.mentor.pk}") == [own.pk]
    assert ids(board.coordinator, f"?school_class={board.school_class.pk}") == [own.pk]
    assert ids(board.coordinator, "?form=social_exclusion") == [elsewhere.pk]
    assert ids(board.coordinator, f"?q={own.reference}") == [own.pk]
    assert ids(board.coordinator, "?step=agreements") == []
    assert ids(board.coordinator, "?status=closed") == []
    assert ids(board.coordinator, f"?branch={board.other_branch.pk}") == []
    client = client_for(board.coordinator)
    for query in ("?branch=abc", "?status=dicht", "?form=schelden", "?mentor=-3"):
        assert client.get(f"{API}/cases/{query}").status_code == 400, query
    first = client.get(f"{API}/cases/").json()["results"][0]
    assert {"id", "reference", "title", "branch", "step", "is_closed", "mentor", "participants"} <= set(first)


def test_the_case_list_takes_a_constant_number_of_queries(board):
    client = client_for(board.coordinator)
    for _ in range(5):
        open_case(board)
    client.get(f"{API}/cases/")  # warm caches (content types, the user's scope)
    with CaptureQueriesContext(connection) as five:
        response = client.get(f"{API}/cases/")
    assert response.json()["count"] == 5
    for _ in range(25):
        open_case(board)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(f"{API}/cases/")
    assert response.json()["count"] == 30 and len(response.json()["results"]) == 30
    assert len(thirty) == len(five), [q["sql"] for q in thirty.captured_queries]


def test_a_case_shows_its_step_terms_and_next_steps_and_the_read_is_audited(board):
    case = open_case(board)
    response = client_for(board.mentor).get(f"{API}/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == case.reference
    assert body["step"]["key"] == "investigate" and body["step"]["number"] == "1" and body["step"]["label"]
    assert body["protocol"]["key"] == "six_step" and body["protocol"]["version"] == 1
    assert body["step_actions"]
    for term in body["terms"]:
        assert {"key", "label", "due", "explanation", "overdue"} <= set(term)
    agreements = next(n for n in body["next_steps"] if n["transition"] == "record_agreements")
    assert agreements["allowed"] is False
    assert any("gepeste" in m for m in agreements["unmet"])
    with board.tenant():
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.READ, object_type="incidents.case", object_id=str(case.pk), actor=board.mentor
        ).exists()


def test_a_case_of_another_board_or_not_mine_is_not_found(board, other_board):
    mine = open_case(board)
    not_mine = case_about(board, board.other_student)
    foreign = open_case(other_board)
    mentor = client_for(board.mentor)
    assert mentor.get(f"{API}/cases/{mine.pk}/").status_code == 200
    outsider = client_for(board.board_coordinator)
    for case, client in ((not_mine, mentor), (foreign, mentor), (foreign, outsider)):
        for suffix in ("/", "/entries/", "/participants/", "/confidential-notes/"):
            assert client.get(f"{API}/cases/{case.pk}{suffix}").status_code == 404, suffix
        for suffix, body in (
            ("/transitions/", {"transition": "record_agreements", "expected_step": "investigate"}),
            ("/entries/", {"kind": "note", "text": "x"}),
            ("/participants/", {"role": "bystander", "description": "onbekend"}),
            ("/confidential-notes/", {"text": "x"}),
        ):
            assert client.post(f"{API}/cases/{case.pk}{suffix}", body, format="json").status_code == 404, suffix
    assert outsider.get(f"{API}/cases/abc/").json() == {"detail": "Niet gevonden."}
    assert count(other_board, TimelineEntry, case=foreign) == 1


# --------------------------------------------------------------------------- transitions


def test_step_two_is_refused_with_409_and_the_unmet_guards_listed(board):
    case = open_case(board)
    response = transition(client_for(board.coordinator), case.pk, "record_agreements", "investigate")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] and len(body["unmet"]) == 2
    assert any("gesprek met de gepeste leerling" in m for m in body["unmet"])
    assert any("pester" in m for m in body["unmet"])
    assert count(board, TimelineEntry, case=case, kind="step_change") == 0


def test_a_stale_step_gives_409_with_the_current_step(board):
    case = open_case(board)
    client = client_for(board.coordinator)
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    assert transition(client, case.pk, "record_agreements", "investigate").status_code == 200
    stale = transition(client_for(board.mentor), case.pk, "record_agreements", "investigate")
    assert stale.status_code == 409
    assert stale.json()["detail"] == str(STEP_CHANGED)
    assert stale.json()["current_step"]["key"] == "agreements" and stale.json()["current_step"]["number"] == "2"
    # Skipping a step: monitoring is not reachable from investigate.
    assert count(board, TimelineEntry, case=case, kind="step_change") == 1


def test_bad_transitions_are_400(board):
    case = open_case(board)
    client = client_for(board.coordinator)
    unknown = transition(client, case.pk, "jump_to_removal", "investigate")
    assert unknown.status_code == 400 and "transition" in unknown.json()
    missing = client.post(f"{API}/cases/{case.pk}/transitions/", {}, format="json")
    assert missing.status_code == 400 and set(missing.json()) == {"transition", "expected_step"}
    # Skipping a step: start_monitoring belongs to step 2.
    skipped = transition(client, case.pk, "start_monitoring", "investigate")
    assert skipped.status_code == 409 and skipped.json()["unmet"]
    assert count(board, TimelineEntry, case=case, kind="step_change") == 0


def test_closing_as_teasing_needs_a_reason(board):
    case = open_case(board)
    client = client_for(board.coordinator)
    assert transition(client, case.pk, "close_as_teasing", "investigate").status_code == 409
    closed = transition(client, case.pk, "close_as_teasing", "investigate", reason="Wederzijds plagen.")
    assert closed.status_code == 200 and closed.json()["is_closed"] is True


def test_the_six_step_protocol_through_the_api_to_monitoring(board):
    signal = log_signal(board, by=board.teacher)
    coordinator, mentor = client_for(board.coordinator), client_for(board.mentor)
    case = coordinator.post(f"{API}/signals/{signal.pk}/open-case/", {}, format="json").json()
    case_obj = type("C", (), {"pk": case["id"]})
    assert post_entry(mentor, case_obj, "conversation", "Gesprek met de gepeste leerling.", with_="x").status_code == 400
    for who in ("target", "bully"):
        assert post_entry(mentor, case_obj, "conversation", "Gesprek.", **{"with": who}).status_code == 201
    step2 = transition(mentor, case["id"], "record_agreements", "investigate")
    assert step2.status_code == 200, step2.json()
    assert step2.json()["step"]["key"] == "agreements" and step2.json()["step"]["number"] == "2"
    assert post_entry(mentor, case_obj, "agreement", "Niet meer uitschelden.").status_code == 201
    assert post_entry(mentor, case_obj, "head_of_department_informed").status_code == 201
    refused = transition(mentor, case["id"], "start_monitoring", "agreements")
    assert refused.status_code == 409 and any("ouders" in m for m in refused.json()["unmet"])
    for party in ("target_parents", "bully_parents"):
        assert post_entry(mentor, case_obj, "parents_informed", party=party, method="telefoon").status_code == 201
    step3 = transition(mentor, case["id"], "start_monitoring", "agreements")
    assert step3.status_code == 200, step3.json()
    body = step3.json()
    assert body["step"]["key"] == "monitoring" and body["step"]["number"] == "3"
    assert body["highest_step_number"] == "3"
    assert any(t["due"] for t in body["terms"]), body["terms"]
    assert count(board, TimelineEntry, case_id=case["id"], kind="step_change") == 2


def test_the_routes_protocol_through_the_api_to_route_a(board):
    use_protocol(board, "routes")
    signal = log_signal(board)
    coordinator, mentor = client_for(board.coordinator), client_for(board.mentor)
    opened = coordinator.post(f"{API}/signals/{signal.pk}/open-case/", {}, format="json")
    assert opened.status_code == 201
    case = opened.json()
    assert case["protocol"]["key"] == "routes" and case["step"]["key"] == "suspicion"
    c = type("C", (), {"pk": case["id"]})
    refused = transition(mentor, c.pk, "suspicion_explored", "suspicion")
    assert refused.status_code == 409 and len(refused.json()["unmet"]) == 3
    assert post_entry(mentor, c, "conversation", "Oriënterend gesprek.", **{"with": "target"}).status_code == 201
    assert post_entry(mentor, c, "note", "Besproken in het docententeam.").status_code == 201
    assert post_entry(mentor, c, "coordinator_informed").status_code == 201
    step2 = transition(mentor, c.pk, "suspicion_explored", "suspicion")
    assert step2.status_code == 200 and step2.json()["step"]["key"] == "inform_parents"
    assert post_entry(mentor, c, "parents_informed", party="target_parents").status_code == 201
    step3 = transition(mentor, c.pk, "parents_informed", "inform_parents")
    assert step3.status_code == 200 and step3.json()["step"]["key"] == "choose_route"
    keys = {n["transition"] for n in step3.json()["next_steps"]}
    assert {"choose_route_a", "choose_route_b", "choose_route_c"} <= keys
    assert transition(mentor, c.pk, "choose_route_a", "choose_route").status_code == 409
    assert post_entry(mentor, c, "route_chosen", route="A").status_code == 201
    route = transition(mentor, c.pk, "choose_route_a", "choose_route")
    assert route.status_code == 200 and route.json()["step"]["key"] == "route_a"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_same_step_at_once_one_wins(board):
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    barrier = threading.Barrier(2, timeout=20)
    statuses: list[int] = []
    bodies: list[dict] = []

    def attempt(user):
        try:
            client = client_for(user)
            barrier.wait()
            response = transition(client, case.pk, "record_agreements", "investigate")
            statuses.append(response.status_code)
            bodies.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in (board.coordinator, board.mentor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [200, 409], bodies
    loser = next(b for b, code in zip(bodies, statuses, strict=True) if code == 409)
    assert loser["current_step"]["key"] == "agreements"
    assert count(board, TimelineEntry, case=case, kind="step_change") == 1


# --------------------------------------------------------------------------- timeline and evidence


def test_the_timeline_lists_entries_and_records_new_ones(board):
    case = open_case(board)
    client = client_for(board.mentor)
    created = post_entry(client, case, "conversation", "Gesprek in de pauze.", **{"with": "target"})
    assert created.status_code == 201
    assert created.json()["attrs"] == {"with": "target"} and created.json()["author"]["id"] == board.mentor.pk
    entries = client.get(f"{API}/cases/{case.pk}/entries/").json()
    assert [e["kind"] for e in entries] == ["incident", "conversation"]


def test_bad_entries_are_400_or_409_and_nothing_is_saved(board):
    case = open_case(board)
    client = client_for(board.mentor)
    assert post_entry(client, case, "conversation", **{"with": "de buurman"}).json() == {"with": ["“de buurman” is geen geldige keuze."]}
    assert "kind" in post_entry(client, case, "toverspreuk").json()
    assert client.post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "attrs": [1]}, format="json").status_code == 400
    future = client.post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "occurred_at": "2099-01-01T10:00"}, format="json")
    assert future.status_code == 400 and "occurred_at" in future.json()
    no_consent = post_entry(client, case, "intervention", kind="mediation")
    assert no_consent.status_code == 409 and "toestemming" in " ".join(no_consent.json()["unmet"])
    assert count(board, TimelineEntry, case=case) == 1


def test_evidence_is_uploaded_with_an_entry_and_downloaded_checked_and_audited(board, other_board):
    case = open_case(board)
    client = client_for(board.mentor)
    response = client.post(
        f"{API}/cases/{case.pk}/entries/",
        {"kind": "note", "text": "Schermafbeelding van de klassenapp.", "attrs": "", "files": [png("scherm.png")]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    evidence = response.json()["evidence"]
    assert [(e["original_name"], e["content_type"]) for e in evidence] == [("scherm.png", "image/png")]
    url = evidence[0]["download_url"]
    assert url == f"{API}/evidence/{evidence[0]['id']}/download/"
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    with board.tenant():
        # A download is an export, as on the page (incidents.selectors.evidence_open).
        assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="incidents.evidence",
                                         object_id=str(evidence[0]["id"]), channel="api").exists()
    assert client_for(board.teacher).get(url).status_code == 404
    assert client_for(other_board.board_coordinator).get(url).status_code == 404
    assert client.get(f"{API}/evidence/abc/download/").status_code == 404


def test_bad_evidence_is_refused_and_nothing_is_saved(board, monkeypatch):
    case = open_case(board)
    client = client_for(board.mentor)
    fake = io.BytesIO(b"<script>alert(1)</script>")
    fake.name = "scherm.png"
    wrong_type = client.post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "files": [fake]}, format="multipart")
    assert wrong_type.status_code == 400 and "geen afbeelding of PDF" in wrong_type.json()["files"][0]
    monkeypatch.setattr("django.conf.settings.EVIDENCE_MAX_BYTES", 10)
    too_big = client.post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "files": [png()]}, format="multipart")
    assert too_big.status_code == 400 and "te groot" in too_big.json()["files"][0]
    bad_attrs = client.post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "attrs": "{niet", "files": [png()]}, format="multipart")
    assert bad_attrs.status_code == 400 and "attrs" in bad_attrs.json()
    assert count(board, TimelineEntry, case=case) == 1
    assert count(board, Evidence) == 0


def test_an_entry_is_corrected_once_and_both_stay(board, other_board):
    case = open_case(board)
    client = client_for(board.mentor)
    wrong = post_entry(client, case, "conversation", "Gesprek met de pester", **{"with": "target"}).json()
    url = f"{API}/cases/{case.pk}/entries/{wrong['id']}/correct/"
    assert client.post(url, {"text": " "}, format="json").status_code == 400
    fixed = client.post(url, {"text": "Gesprek met de pester", "attrs": {"with": "bully"}}, format="json")
    assert fixed.status_code == 201 and fixed.json()["corrects"] == wrong["id"]
    assert fixed.json()["attrs"] == {"with": "bully"}
    assert client.post(url, {"text": "nogmaals"}, format="json").status_code == 400
    assert len(client.get(f"{API}/cases/{case.pk}/entries/").json()) == 3
    other_case = open_case(board)
    assert client.post(f"{API}/cases/{other_case.pk}/entries/{wrong['id']}/correct/", {"text": "x"}, format="json").status_code == 404
    assert client.post(f"{API}/cases/{case.pk}/entries/abc/correct/", {"text": "x"}, format="json").status_code == 404
    assert client_for(other_board.coordinator).post(url, {"text": "x"}, format="json").status_code == 404


# --------------------------------------------------------------------------- participants


def test_participants_are_listed_and_added(board, other_board):
    case = case_about(board, board.student)
    client = client_for(board.coordinator)
    assert [p["role"] for p in client.get(f"{API}/cases/{case.pk}/participants/").json()] == ["target"]
    added = client.post(f"{API}/cases/{case.pk}/participants/", {"student": board.other_student.pk, "role": "bully"}, format="json")
    assert added.status_code == 201 and added.json()["student"] == board.other_student.pk
    unknown = client.post(f"{API}/cases/{case.pk}/participants/",
                          {"role": "bully", "description": "onbekend", "other_school": "Het Lyceum"}, format="json")
    assert unknown.status_code == 201 and unknown.json()["name"] == "onbekend"
    twice = client.post(f"{API}/cases/{case.pk}/participants/", {"student": board.other_student.pk, "role": "bully"}, format="json")
    assert twice.status_code == 400 and "student" in twice.json()
    foreign = client.post(f"{API}/cases/{case.pk}/participants/", {"student": other_board.student.pk, "role": "bully"}, format="json")
    assert foreign.json() == {"student": ["Deze leerling is niet gevonden. Kies een leerling uit de lijst."]}
    assert client.post(f"{API}/cases/{case.pk}/participants/", {"role": "bully"}, format="json").status_code == 400
    assert client.post(f"{API}/cases/{case.pk}/participants/", {"role": "koning", "description": "x"}, format="json").status_code == 400
    assert count(board, Participant, case=case) == 3


# --------------------------------------------------------------------------- confidential notes


def test_confidential_notes_are_the_advisers_alone(board, other_board):
    case = open_case(board)
    adviser = client_for(board.adviser)
    url = f"{API}/cases/{case.pk}/confidential-notes/"
    written = adviser.post(url, {"text": "Leerling vertelt over thuis; niet delen."}, format="json")
    assert written.status_code == 201
    assert [n["text"] for n in adviser.get(url).json()] == ["Leerling vertelt over thuis; niet delen."]
    assert adviser.post(url, {"text": "  "}, format="json").status_code == 400
    for user in (board.coordinator, board.management, board.board_coordinator, board.mentor):
        client = client_for(user)
        assert client.get(url).json() == [], user
        assert client.post(url, {"text": "mag ik meelezen?"}, format="json").status_code == 403
        # …and the note appears nowhere else.
        for other in (f"{API}/cases/{case.pk}/", f"{API}/cases/{case.pk}/entries/", f"{API}/cases/"):
            assert "niet delen" not in client.get(other).content.decode(), other
    assert client_for(board.teacher).get(url).status_code == 404
    assert client_for(other_board.adviser).get(url).status_code == 404
    assert client_for(other_board.adviser).post(url, {"text": "x"}, format="json").status_code == 404
    assert count(board, ConfidentialNote) == 1


# --------------------------------------------------------------------------- schema


def test_the_schema_documents_the_dossier_endpoints(board):
    response = client_for(board.coordinator).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/v1/signals/", "/api/v1/signals/{id}/", "/api/v1/signals/{id}/open-case/", "/api/v1/signals/{id}/link/",
        "/api/v1/signals/{id}/dismiss/", "/api/v1/cases/", "/api/v1/cases/{id}/", "/api/v1/cases/{id}/transitions/",
        "/api/v1/cases/{id}/entries/", "/api/v1/cases/{id}/entries/{entry_id}/correct/",
        "/api/v1/cases/{id}/participants/", "/api/v1/cases/{id}/confidential-notes/", "/api/v1/evidence/{id}/download/",
    ):
        assert path in paths, path
    transitions = paths["/api/v1/cases/{id}/transitions/"]["post"]
    assert "requestBody" in transitions and {"200", "400", "404", "409"} <= set(transitions["responses"])
    components = schema["components"]["schemas"]
    assert {"detail", "unmet"} <= set(components["ProtocolRefusal"]["properties"])
    assert "current_step" in components["TransitionConflict"]["properties"]
    entries = paths["/api/v1/cases/{id}/entries/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in entries
