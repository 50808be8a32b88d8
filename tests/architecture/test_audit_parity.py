"""The same action is audited the same way on the page and the API (issue 15, item 3).

Each pair below performs one action once through the page and once through the REST API
and compares the audit rows it wrote: action, object type, which object (the one acted
on, or a new one), and the keys of the detail. Only the channel may differ ("page" and
"api"), and it must be recorded. Actions the API does not offer (the inspectorate CSV,
letters, the case account) have no pair.
"""
from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from incidents import services
from incidents.models import Evidence, FollowUp
from monitoring.models import RoundClass
from people.models import AuditEvent
from tests.incidents.helpers import (
    SECOND_CASE_REASON,
    log_signal,
    open_case,
    record,
    walk_to_monitoring,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)  # the log-in's own audit row is written before we count
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def audited(board, known: dict, call) -> tuple[list, set]:
    """The audit rows ``call()`` wrote, comparable across runs, and their channels."""
    with board.tenant():
        last = AuditEvent.objects.for_organisation(board.organisation).aggregate(m=Max("id"))["m"] or 0
    response = call()
    assert response.status_code < 400, (response.status_code, getattr(response, "content", b"")[:500])
    with board.tenant():
        rows = list(AuditEvent.objects.for_organisation(board.organisation).filter(id__gt=last).order_by("id"))
    assert rows, "nothing was audited"
    shape = [(r.action, r.object_type, known.get((r.object_type, r.object_id), "new"), sorted(r.detail)) for r in rows]
    return shape, {r.channel for r in rows}


def same_audit(board, known, user, page_call, api_call):
    """``page_call(client)`` and ``api_call(client)`` as ``user`` (logged in beforehand, so
    the log-in's own row is not counted) write the same audit rows."""
    page, api = page_client(user), api_client(user)
    on_page, page_channels = audited(board, known, lambda: page_call(page))
    on_api, api_channels = audited(board, known, lambda: api_call(api))
    assert on_page == on_api
    assert (page_channels, api_channels) == ({"page"}, {"api"})
    return on_page


def as_case(*cases) -> dict:
    return {("incidents.case", str(c.pk)): "case" for c in cases}


def ready_to_move(board, case):
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "bewijs.png"
    return buffer


# --- the dossier -----------------------------------------------------------------------
def test_reading_a_case(board):
    case = open_case(board)
    rows = same_audit(board, as_case(case), board.coordinator,
                      lambda c: c.get(reverse("incidents:case_detail", args=[case.pk])),
                      lambda c: c.get(f"{API}/cases/{case.pk}/"))
    assert ("read", "incidents.case", "case", []) in rows


def test_downloading_evidence_is_an_export_on_both(board):
    case = open_case(board)
    api_client(board.mentor).post(f"{API}/cases/{case.pk}/entries/", {"kind": "note", "text": "Zie foto.", "files": [png()]},
                                  format="multipart")
    with board.tenant():
        evidence = Evidence.objects.get()
    known = {("incidents.evidence", str(evidence.pk)): "evidence"}
    rows = same_audit(board, known, board.mentor,
                      lambda c: c.get(reverse("incidents:evidence_download", args=[evidence.pk])),
                      lambda c: c.get(f"{API}/evidence/{evidence.pk}/download/"))
    # A pupil's file leaves the system: an export, not a read (people.models.AuditEvent).
    assert rows == [("export", "incidents.evidence", "evidence", ["case"])]


def test_moving_a_step(board):
    first, second = open_case(board), open_case(board)
    for case in (first, second):
        ready_to_move(board, case)
    body = {"transition": "record_agreements", "expected_step": "investigate"}
    # The API answers with the moved case (a read of the dossier, audited); the page
    # redirects to the case page, which the browser reads: both end with that read.
    rows = same_audit(board, as_case(first, second), board.coordinator,
                      lambda c: c.post(reverse("incidents:case_transition", args=[first.pk]), body, follow=True),
                      lambda c: c.post(f"{API}/cases/{second.pk}/transitions/", body, format="json"))
    assert rows[0] == ("update", "incidents.case", "case", ["to", "transition"])
    assert rows[-1] == ("read", "incidents.case", "case", [])


def test_recording_in_a_case(board):
    first, second = open_case(board), open_case(board)
    rows = same_audit(board, as_case(first, second), board.mentor,
                      lambda c: c.post(reverse("incidents:entry_add", args=[first.pk]),
                                                             {"kind": "note", "text": "Gesprek gehad."}),
                      lambda c: c.post(f"{API}/cases/{second.pk}/entries/",
                                                            {"kind": "note", "text": "Gesprek gehad."}, format="json"))
    assert ("create", "incidents.timelineentry", "new", ["case", "kind"]) in rows


def test_adding_a_participant(board):
    first, second = open_case(board), open_case(board)
    body = {"role": "bystander", "description": "Een leerling uit de brugklas"}
    same_audit(board, as_case(first, second), board.coordinator,
               lambda c: c.post(reverse("incidents:participant_add", args=[first.pk]), body),
               lambda c: c.post(f"{API}/cases/{second.pk}/participants/", body, format="json"))


def test_writing_a_confidential_note(board):
    first, second = open_case(board), open_case(board)
    body = {"text": "Thuis speelt er iets."}
    same_audit(board, as_case(first, second), board.adviser,
               lambda c: c.post(reverse("incidents:confidential_note_add", args=[first.pk]), body),
               lambda c: c.post(f"{API}/cases/{second.pk}/confidential-notes/", body, format="json"))


def test_setting_the_criminal_offence_flag(board):
    first, second = open_case(board), open_case(board)
    same_audit(board, as_case(first, second), board.coordinator,
               lambda c: c.post(reverse("incidents:case_criminal_offence", args=[first.pk]),
                                                           {"criminal_offence": "ja"}),
               lambda c: c.post(f"{API}/cases/{second.pk}/criminal-offence/",
                                                         {"criminal_offence": True}, format="json"))


def test_adding_a_member_to_a_case(board):
    first, second = open_case(board), open_case(board)
    same_audit(board, as_case(first, second), board.coordinator,
               lambda c: c.post(reverse("incidents:case_members", args=[first.pk]),
                                                           {"member": board.teacher.pk, "action": "add"}),
               lambda c: c.post(f"{API}/cases/{second.pk}/members/",
                                                          {"member": board.teacher.pk}, format="json"))


# --- signals ---------------------------------------------------------------------------
def test_opening_a_case_from_a_signal(board):
    first, second = log_signal(board), log_signal(board)
    known = {("incidents.signal", str(s.pk)): "signal" for s in (first, second)}
    same_audit(board, known, board.coordinator,
               # As with a step: the API answers with the new case, the page shows it.
               lambda c: c.post(reverse("incidents:signal_open", args=[first.pk]),
                                {f"s{first.pk}-second_case_reason": SECOND_CASE_REASON}, follow=True),
               lambda c: c.post(f"{API}/signals/{second.pk}/open-case/",
                                                          {"second_case_reason": SECOND_CASE_REASON}, format="json"))


def test_linking_a_signal(board):
    case = open_case(board)
    first, second = log_signal(board), log_signal(board)
    known = {**as_case(case), **{("incidents.signal", str(s.pk)): "signal" for s in (first, second)}}
    rows = same_audit(board, known, board.coordinator,
                      lambda c: c.post(reverse("incidents:signal_link", args=[first.pk]),
                                                                  {f"s{first.pk}-case": case.pk}),
                      lambda c: c.post(f"{API}/signals/{second.pk}/link/", {"case": case.pk},
                                                                 format="json"))
    assert ("update", "incidents.case", "case", ["linked_signal"]) in rows


def test_dismissing_a_signal(board):
    first, second = log_signal(board), log_signal(board)
    known = {("incidents.signal", str(s.pk)): "signal" for s in (first, second)}
    same_audit(board, known, board.coordinator,
               lambda c: c.post(reverse("incidents:signal_dismiss", args=[first.pk]),
                                                           {f"s{first.pk}-reason": "Wederzijds plagen."}),
               lambda c: c.post(f"{API}/signals/{second.pk}/dismiss/",
                                                          {"reason": "Wederzijds plagen."}, format="json"))


# --- follow-ups --------------------------------------------------------------------------
def test_completing_a_follow_up(board):
    with time_machine.travel(MONDAY, tick=False):
        cases = [walk_to_monitoring(board, open_case(board)) for _n in range(2)]
    with board.tenant():
        first, second = (FollowUp.objects.filter(case=c, status__in=("open", "overdue")).first() for c in cases)
    known = {("incidents.followup", str(x.pk)): "followup" for x in (first, second)} | as_case(*cases)
    same_audit(board, known, board.mentor,
               lambda c: c.post(reverse("incidents:followup_done", args=[first.pk]),
                                                      {"note": "Besproken."}),
               lambda c: c.post(f"{API}/followups/{second.pk}/complete/", {"note": "Besproken."},
                                                     format="json"))


# --- people and monitoring -----------------------------------------------------------
def test_reading_a_student(board):
    known = {("people.student", str(board.student.pk)): "student"}
    page = reverse("incidents:student_cases", args=[board.student.pk])
    api, browser = api_client(board.coordinator), page_client(board.coordinator)
    rows_api, channels = audited(board, known, lambda: api.get(f"{API}/students/{board.student.pk}/"))
    assert rows_api == [("read", "people.student", "student", [])] and channels == {"api"}
    # The page lists the student's cases, and audits the student read the same way.
    rows_page, channels = audited(board, known, lambda: browser.get(page))
    assert ("read", "people.student", "student", []) in rows_page and channels == {"page"}


def test_creating_a_survey_round(board):
    now = timezone.localtime()
    page_body = {"name": "Najaar", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
                 "closes_at": (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"), "min_group_size": 10,
                 "instrument_version": 1, "classes": [board.school_class.pk]}
    api_body = {"name": "Najaar", "opens_at": now.isoformat(), "closes_at": (now + dt.timedelta(days=7)).isoformat(),
                "min_group_size": 10, "classes": [board.school_class.pk]}
    same_audit(board, {}, board.coordinator,
               lambda c: c.post(reverse("monitoring:round_new"), page_body),
               lambda c: c.post(f"{API}/survey-rounds/", api_body, format="json"))


def test_issuing_survey_codes(board):
    from monitoring import services as code_service

    now = timezone.now()
    with board.tenant():
        survey = code_service.round_create(organisation=board.organisation, acting_user=board.coordinator, name="Najaar",
                                           opens_at=now, closes_at=now + dt.timedelta(days=7),
                                           class_ids=[board.school_class.pk])
        round_class = RoundClass.objects.get(round=survey)
    known = {("monitoring.roundclass", str(round_class.pk)): "class", ("monitoring.surveyround", str(survey.pk)): "round"}
    same_audit(board, known, board.coordinator,
               lambda c: c.post(
                   reverse("monitoring:codes_issue", args=[survey.pk, round_class.pk]), {f"c{round_class.pk}-count": "2"}),
               lambda c: c.post(
                   f"{API}/survey-rounds/{survey.pk}/classes/{round_class.pk}/codes/", {"count": 2}, format="json"))


def test_a_service_called_without_a_context_writes_a_system_row(board):
    # A task or a command calls the service without a context: no address, channel "system".
    case = open_case(board)
    with board.tenant():
        services.entry_record(case=case, acting_user=board.mentor, kind="note", attrs={}, text="x")
        row = AuditEvent.objects.for_organisation(board.organisation).filter(object_type="incidents.timelineentry").get()
    assert (row.channel, row.ip_address) == ("system", None)
