"""Incidents into patterns: linking proposals, a second case asks why, one chronology per student."""
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import exclusions, services
from incidents.models import Case, Signal, TimelineEntry
from incidents.patterns import link_proposals, student_chronology
from incidents.services import SignalStudentInput
from people.models import AuditEvent
from protocol import vocabulary as v
from tests import factories as f

from .helpers import log_signal, open_case, record

pytestmark = pytest.mark.django_db


def signal_about(board, target, bully, text="Opnieuw geduwd bij de fietsenstalling."):
    with board.tenant():
        return services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=board.teacher, description=text,
            students=[SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=target.pk),
                      SignalStudentInput(role=v.ParticipantRole.BULLY, student_id=bully.pk)],
        )


def two_open_cases(board):
    third = f.EnrolmentFactory(school_class=board.other_class).student
    mine = open_case(board)  # board.student is the target, other_student the bully
    with board.tenant():
        other = services.case_open(signal=signal_about(board, third, board.other_student, "Buitengesloten."),
                                   acting_user=board.coordinator)
    return mine, other, third


def test_a_new_signal_about_a_target_proposes_their_case_and_lands_in_it(client, board):
    mine, other, third = two_open_cases(board)
    fresh = signal_about(board, board.student, f.EnrolmentFactory(school_class=board.school_class).student)
    client.force_login(board.coordinator)
    page = client.get(reverse("incidents:signal_list")).content.decode()
    assert "Voorstel: bij een lopende zaak voegen" in page
    assert f"Toevoegen aan {mine.reference}" in page and f"Toevoegen aan {other.reference}" not in page
    response = client.post(reverse("incidents:signal_link", args=[fresh.pk]), {f"s{fresh.pk}-case": mine.pk})
    assert response.status_code == 302
    with board.tenant():
        fresh.refresh_from_db()
        assert (fresh.status, fresh.case_id) == (Signal.Status.LINKED, mine.pk)
        assert TimelineEntry.objects.filter(case=mine, kind="incident", text__contains="fietsenstalling").exists()
        assert not TimelineEntry.objects.filter(case=other, text__contains="fietsenstalling").exists()
        assert mine.participants.count() == 3


def test_a_signal_about_a_bully_proposes_every_open_case_they_are_bully_in(board):
    mine, other, third = two_open_cases(board)
    fresh = signal_about(board, f.EnrolmentFactory(school_class=board.school_class).student, board.other_student)
    with board.tenant():
        fresh = Signal.objects.prefetch_related("students").get(pk=fresh.pk)
        proposals = link_proposals(board.coordinator, [fresh])[fresh.pk]
    assert {p.case.pk for p in proposals} == {mine.pk, other.pk}
    assert all("pester" in p.text for p in proposals)


def test_no_proposal_of_a_case_the_reader_is_excluded_from_or_that_is_closed(board):
    mine = open_case(board)
    second = f.make_staff("coordinator", branch=board.branch)
    with board.tenant():
        exclusions.case_exclude(case=mine, acting_user=board.coordinator, user_id=second.pk, reason="Familie.")
    fresh = signal_about(board, board.student, board.other_student)
    with board.tenant():
        fresh = Signal.objects.prefetch_related("students").get(pk=fresh.pk)
        assert link_proposals(board.coordinator, [fresh])
        assert link_proposals(second, [fresh]) == {}
        Case.objects.filter(pk=mine.pk).update(is_closed=True)
        assert link_proposals(board.coordinator, [fresh]) == {}


def test_a_second_case_for_the_same_target_asks_why_and_records_it(board):
    first = open_case(board)
    again = log_signal(board)
    with board.tenant():
        with pytest.raises(ValidationError) as asked:
            services.case_open(signal=again, acting_user=board.coordinator)
        assert first.reference in asked.value.message_dict["second_case_reason"][0]
        assert Case.objects.count() == 1
        second = services.case_open(signal=again, acting_user=board.coordinator,
                                    second_case_reason="Ander incident, andere pester, buiten school.")
        assert second.second_case_reason.startswith("Ander incident")
        event = AuditEvent.objects.filter(object_type="incidents.case", object_id=str(second.pk), action="create").get()
        assert event.detail["second_case_for"] == [first.pk]
    # No question when the target has no open case.
    with board.tenant():
        Case.objects.update(is_closed=True)
        third = services.case_open(signal=log_signal(board), acting_user=board.coordinator)
        assert third.second_case_reason == ""


def test_the_signal_page_asks_why_and_opens_with_a_reason(client, board):
    open_case(board)
    again = log_signal(board)
    client.force_login(board.coordinator)
    refused = client.post(reverse("incidents:signal_open", args=[again.pk]), {f"s{again.pk}-title": "x"}, follow=True)
    assert "schrijf op waarom er een tweede zaak nodig is" in refused.content.decode()
    opened = client.post(reverse("incidents:signal_open", args=[again.pk]),
                         {f"s{again.pk}-title": "Tweede", f"s{again.pk}-second_case_reason": "Nieuwe pester."})
    assert opened.status_code == 302
    with board.tenant():
        assert Case.objects.get(title="Tweede").second_case_reason == "Nieuwe pester."


def test_the_student_page_shows_one_chronology_across_cases_in_constant_queries(client, board):
    first = open_case(board)
    record(board, first, "conversation", text="Eerste gesprek.", **{"with": "target"})
    client.force_login(board.coordinator)
    url = reverse("incidents:student_cases", args=[board.student.pk])
    client.get(url)  # warm the per-process caches (content types, calendars)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Chronologie over alle zaken" in page and "Eerste gesprek." in page
    with board.tenant():
        second = services.case_open(signal=log_signal(board, description="Tweede keer in de gymzaal."),
                                    acting_user=board.coordinator, second_case_reason="Andere situatie.")
    record(board, second, "conversation", text="Tweede gesprek.", **{"with": "target"})
    log_signal(board, description="Nog niet behandeld signaal.")
    client.get(url)  # the writes changed the header's cached counts (issue 16): warm them again
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    for text in ("Eerste gesprek.", "Tweede gesprek.", "gymzaal", "Nog niet behandeld signaal.", first.reference,
                 second.reference):
        assert text in page, text
    assert len(two.captured_queries) == len(one.captured_queries), "\n".join(
        q["sql"][:150] for q in two.captured_queries)
    with board.tenant():
        rows = student_chronology(board.student, board.coordinator)
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)
    # A mentor of another class sees none of it (the student page is 404 for them anyway).
    with board.tenant():
        assert student_chronology(board.student, board.teacher) == []
