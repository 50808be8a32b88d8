"""A staff signal reaches the mentors and the coordinator at once; its triage has a term of two school days."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import services
from incidents.followups import followups_scan
from incidents.models import Signal
from incidents.services import SignalStudentInput
from people.models import Notification
from protocol import vocabulary as v
from tests import factories as f

from .helpers import log_signal, use_protocol

pytestmark = pytest.mark.django_db

FRIDAY_BEFORE_AUTUMN = dt.datetime(2026, 10, 16, 10, tzinfo=dt.UTC)  # region midden: holiday 17-25 Oct


def notes(board, kind=None):
    with board.tenant():
        qs = Notification.objects.all()
        if kind:
            qs = qs.filter(kind=kind)
        return list(qs.order_by("id"))


def scan(board, day):
    with board.tenant():
        return followups_scan(board.organisation.pk, today=day)


def test_a_staff_signal_tells_the_class_mentor_and_the_branch_coordinator_at_once(board, django_capture_on_commit_callbacks):
    other_mentor = f.make_mentor_of(board.other_class)
    stranger_mentor = f.make_mentor_of(f.SchoolClassFactory(branch=board.branch, school_year=board.school_class.school_year))
    with django_capture_on_commit_callbacks() as callbacks:
        signal = log_signal(board, by=board.teacher)
    assert callbacks, "delivery is asked for after commit"
    mentor_notes = notes(board, "signal_mentor")
    assert sorted(n.recipient_id for n in mentor_notes) == sorted([board.mentor.pk, other_mentor.pk])
    assert stranger_mentor.pk not in {n.recipient_id for n in notes(board)}
    (coordinator_note,) = notes(board, "signal_new")
    assert coordinator_note.recipient_id == board.coordinator.pk
    assert {n.email_state for n in notes(board)} == {"pending"}
    # No student names in what is also an e-mail.
    assert board.student.last_name not in " ".join(n.title + n.body for n in notes(board))
    assert mentor_notes[0].url == reverse("incidents:signal_detail", args=[signal.pk])


def test_the_reporter_is_not_told_of_their_own_signal(board):
    log_signal(board, by=board.mentor)
    assert board.mentor.pk not in {n.recipient_id for n in notes(board)}


def test_a_rolled_back_signal_notifies_nobody(board):
    with board.tenant(), pytest.raises(RuntimeError), transaction.atomic():
        services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=board.teacher, description="x",
            students=[SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=board.student.pk)],
        )
        raise RuntimeError("rolled back")
    assert notes(board) == []


def test_without_a_branch_coordinator_the_board_coordinator_hears_of_it(board):
    with board.tenant():
        board.coordinator.role_assignments.all().delete()
    log_signal(board, by=board.teacher)
    assert [n.recipient_id for n in notes(board, "signal_new")] == [board.board_coordinator.pk]


def test_the_triage_term_skips_the_autumn_holiday(board):
    with time_machine.travel(FRIDAY_BEFORE_AUTUMN, tick=False):
        signal = log_signal(board, by=board.teacher)
    assert signal.triage_due_on == dt.date(2026, 10, 27)


def test_the_scan_reminds_alerts_and_escalates_an_untriaged_signal_once_each(board):
    management = board.management
    with time_machine.travel(FRIDAY_BEFORE_AUTUMN, tick=False):
        log_signal(board, by=board.teacher)
    for _ in range(2):
        scan(board, dt.date(2026, 10, 26))
    assert [n.recipient_id for n in notes(board, "signal_triage_reminder")] == [board.coordinator.pk]
    assert notes(board, "signal_triage_overdue") == []
    for _ in range(2):
        result = scan(board, dt.date(2026, 10, 28))
    assert result.overdue == 0  # the first of the two scans claimed it
    overdue = notes(board, "signal_triage_overdue")
    assert sorted(n.recipient_id for n in overdue) == sorted([board.coordinator.pk, management.pk])
    scan(board, dt.date(2026, 10, 30))
    assert notes(board, "signal_triage_escalation") == []
    for _ in range(2):
        scan(board, dt.date(2026, 11, 3))  # five school days after 27 October
    assert [n.recipient_id for n in notes(board, "signal_triage_escalation")] == [board.board_coordinator.pk]


def test_a_triaged_signal_is_never_reminded(board):
    with time_machine.travel(FRIDAY_BEFORE_AUTUMN, tick=False):
        signal = log_signal(board, by=board.teacher)
    with board.tenant():
        services.signal_dismiss(signal=signal, acting_user=board.coordinator, reason="Misverstand, opgehelderd.")
    scan(board, dt.date(2026, 10, 26))
    scan(board, dt.date(2026, 11, 10))
    assert [n for n in notes(board) if n.kind.startswith("signal_triage")] == []


def test_the_triage_scan_costs_the_same_with_many_signals(board):
    def queries():
        with board.tenant(), CaptureQueriesContext(connection) as ctx:
            followups_scan(board.organisation.pk, today=dt.date(2026, 10, 28))
        return len(ctx.captured_queries)

    with time_machine.travel(FRIDAY_BEFORE_AUTUMN, tick=False):
        log_signal(board, by=board.teacher)
    queries()  # claims and alerts the first
    before = queries()
    with time_machine.travel(FRIDAY_BEFORE_AUTUMN, tick=False):
        for _ in range(5):
            log_signal(board, by=board.teacher)
    with board.tenant():
        Signal.objects.update(triage_overdue_at=dt.datetime(2026, 10, 28, tzinfo=dt.UTC))
    assert queries() == before


def test_the_mentor_reads_the_signal_but_another_mentor_does_not(board, client):
    signal = log_signal(board, by=board.teacher, bully=board.student)
    url = reverse("incidents:signal_detail", args=[signal.pk])
    client.force_login(board.mentor)
    page = client.get(url)
    assert page.status_code == 200
    assert "Beoordelen uiterlijk" in page.content.decode()
    outsider = f.make_mentor_of(f.SchoolClassFactory(branch=board.branch, school_year=board.school_class.school_year))
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_signal_form_shows_the_boards_own_list_of_signals(board, client):
    client.force_login(board.teacher)
    six_step = client.get(reverse("incidents:signal_new")).content.decode()
    assert "Signalen voor de leerkracht" in six_step
    assert "de leerling wordt nooit bij de eigen naam genoemd, maar altijd bij de bijnaam;" in six_step
    assert "Dit zijn de signalen thuis" not in six_step
    use_protocol(board, "routes")
    routes = client.get(reverse("incidents:signal_new")).content.decode()
    assert "Dit zijn de signalen thuis" in routes
    assert "Afkoopgedrag; geld/snoep of het maken van huiswerk voor anderen" in routes
    assert "Signalen voor de leerkracht" not in routes


def test_a_public_report_does_not_notify_mentors(board):
    with board.tenant():
        services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=None, description="Ik word gepest.",
            students=[SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=board.student.pk)],
            source=Signal.Source.PUBLIC_REPORT,
        )
    assert notes(board, "signal_mentor") == []


def test_the_api_shows_the_triage_term_like_the_page(board):
    from rest_framework.test import APIClient

    with time_machine.travel(FRIDAY_BEFORE_AUTUMN, tick=False):
        signal = log_signal(board, by=board.teacher)
    scan(board, dt.date(2026, 10, 28))
    client = APIClient()
    client.force_authenticate(board.coordinator)
    body = client.get(f"/api/v1/signals/{signal.pk}/").json()
    assert body["triage_due_on"] == "2026-10-27" and body["triage_overdue"] is True
    mentor = APIClient()
    mentor.force_authenticate(board.mentor)
    assert mentor.get(f"/api/v1/signals/{signal.pk}/").status_code == 200  # told of it, may read it
