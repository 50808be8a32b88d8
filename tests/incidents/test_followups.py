"""Follow-ups: created from the protocol's terms, watched by the scan, notified exactly once."""
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.followups import followup_complete, followups_scan
from incidents.models import FollowUp
from people.models import Notification
from people.roles import Role
from tests import factories as f

from .helpers import advance, open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC)


def followups(board, case):
    with board.tenant():
        return list(FollowUp.objects.filter(case=case).order_by("id"))


def notifications(board, kind=None):
    """The follow-up scan's notifications (a new signal's own notices are incidents.triage's)."""
    with board.tenant():
        qs = Notification.objects.filter(kind=kind) if kind else Notification.objects.filter(kind__startswith="followup")
        return list(qs.order_by("id"))


def scan(board, day):
    with board.tenant():
        return followups_scan(board.organisation.pk, today=day)


@pytest.fixture
def monitored(board):
    with time_machine.travel(MONDAY, tick=False):
        case = walk_to_monitoring(board, open_case(board))
    return case


def test_entering_monitoring_starts_four_school_weeks_that_skip_the_autumn_holiday(board, monitored):
    (term,) = [x for x in followups(board, monitored) if x.status == "open"]
    assert term.deadline_key == "monitoring_four_weeks"
    assert term.owner_id == board.mentor.pk
    assert term.due_on == dt.date(2026, 11, 9)
    assert "herfstvakantie telt niet mee" in term.explanation_nl


def test_the_evaluation_completes_the_term_and_leaving_the_step_cancels_others(board, monitored):
    record(board, monitored, "evaluation", outcome="continues")
    (term,) = followups(board, monitored)
    assert term.status == "done" and term.completed_by_id == board.mentor.pk
    case = advance(board, monitored, "to_second_talk")
    open_terms = [x for x in followups(board, case) if x.status == "open"]
    assert {x.deadline_key for x in open_terms} == {"second_talk_after_two_weeks"}
    case = advance(board, case, "close_as_teasing", reason="Bij nader inzien plagen.")
    assert not [x for x in followups(board, case) if x.is_active]
    assert {x.status for x in followups(board, case)} == {"done", "cancelled"}


def test_the_scan_reminds_then_alerts_then_escalates_each_exactly_once(board, monitored):
    board_coordinator = board.board_coordinator
    scan(board, dt.date(2026, 11, 2))  # a week before: nothing yet
    assert notifications(board) == []
    for _ in range(2):
        scan(board, dt.date(2026, 11, 5))  # two school days before 9 November
    reminders = notifications(board, "followup_reminder")
    assert [n.recipient_id for n in reminders] == [board.mentor.pk]
    for _ in range(2):
        result = scan(board, dt.date(2026, 11, 10))
    overdue = notifications(board, "followup_overdue")
    assert sorted(n.recipient_id for n in overdue) == sorted([board.mentor.pk, board.coordinator.pk])
    assert result.overdue == 0  # the second scan found nothing new to claim
    (term,) = followups(board, monitored)
    assert term.status == "overdue"
    scan(board, dt.date(2026, 11, 13))  # three school days late: no escalation yet
    assert notifications(board, "followup_escalation") == []
    for _ in range(2):
        scan(board, dt.date(2026, 11, 16))  # five school days late
    escalations = notifications(board, "followup_escalation")
    assert [n.recipient_id for n in escalations] == [board_coordinator.pk]
    assert len(notifications(board)) == 4


def test_marking_done_twice_is_refused_with_a_clear_message(board, monitored):
    (term,) = followups(board, monitored)
    with board.tenant():
        followup_complete(followup=term, acting_user=board.mentor, note="Besproken in mentoruur")
        with pytest.raises(ValidationError, match="al afgerond"):
            followup_complete(followup=term, acting_user=board.mentor)


def test_a_bystander_cannot_mark_a_term_done(board, monitored):
    (term,) = followups(board, monitored)
    from django.core.exceptions import PermissionDenied

    with board.tenant(), pytest.raises(PermissionDenied):
        followup_complete(followup=term, acting_user=board.teacher)


def test_the_scan_costs_the_same_with_a_large_history(board, monitored):
    def queries_for_scan():
        with board.tenant(), CaptureQueriesContext(connection) as ctx:
            followups_scan(board.organisation.pk, today=dt.date(2026, 10, 6))
        return len(ctx.captured_queries)

    before = queries_for_scan()
    with board.tenant():
        FollowUp.objects.bulk_create(
            FollowUp(
                organisation=board.organisation, case=monitored, deadline_key=f"old{i}", label_nl="oud", label_en="old",
                owner_role=Role.MENTOR, owner=board.mentor, step="monitoring", visit_seq=i + 10_000,
                starts_on=dt.date(2020, 1, 1), due_on=dt.date(2020, 2, 1), status="done",
            )
            for i in range(500)
        )
    assert queries_for_scan() == before


def test_notifications_stay_inside_their_organisation(board, other_board, monitored):
    outsider = f.make_staff(Role.COORDINATOR, branch=other_board.branch)
    from people.notifications import notify

    with board.tenant():
        created = notify(organisation=board.organisation, recipients=[outsider, board.mentor], kind="x", dedupe_key="k", title="t")
    assert created == 1
    assert [n.recipient_id for n in notifications(board, "x")] == [board.mentor.pk]


def test_the_celery_task_scans_with_the_organisation_id_as_text(board, monitored):
    from incidents.tasks import scan_followups

    result = scan_followups(today="2026-11-05", organisation_id=str(board.organisation.pk))
    assert result["reminders"] == 1


def test_the_scan_costs_the_same_for_5_or_35_due_follow_ups(board, monitored):
    def make_due(n, offset):
        with board.tenant():
            FollowUp.objects.bulk_create(
                FollowUp(
                    organisation=board.organisation, case=monitored, deadline_key=f"due{offset + i}", label_nl="x",
                    label_en="x", owner_role=Role.MENTOR, owner=board.mentor, step="monitoring",
                    visit_seq=offset + i, starts_on=dt.date(2026, 10, 1), due_on=dt.date(2026, 11, 1), status="open",
                )
                for i in range(n)
            )

    def queries(day):
        with board.tenant(), CaptureQueriesContext(connection) as ctx:
            followups_scan(board.organisation.pk, today=day)
        return len(ctx.captured_queries)

    # (Inserts go in batches — 500 rows on PostgreSQL, fewer on SQLite's parameter limit —
    # so keep both sizes inside one batch.)
    make_due(5, 1000)
    few = queries(dt.date(2026, 11, 20))
    make_due(30, 2000)
    many = queries(dt.date(2026, 11, 20))
    assert many == few
