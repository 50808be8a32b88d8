"""Hand-over to the new mentor and keep-apart warnings at the school-year rollover (seed 000 §5.4)."""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from incidents import handover
from incidents.models import Case
from people import rollover
from people.models import AuditEvent, Notification
from people.roles import Role
from tests import factories as f

from .helpers import open_case

NEW = {"name": "2027-2028", "starts_on": dt.date(2027, 8, 1), "ends_on": dt.date(2028, 7, 31)}


def moves(board, *, together: bool, mentor=None):
    mentor = mentor or board.teacher
    return [rollover.ClassMove(board.school_class.pk, "3A", mentor_id=mentor.pk),
            rollover.ClassMove(board.other_class.pk, "3A" if together else "3B", mentor_id=mentor.pk)]


def plan(board, class_moves):
    with board.tenant():
        return rollover.rollover_plan(acting_user=board.management, branch=board.branch,
                                      source_year=board.school_class.school_year, moves=class_moves, **NEW)


def apply(board, class_moves):
    the_plan = plan(board, class_moves)
    with board.tenant():
        return rollover.rollover_apply(acting_user=board.management, expected_digest=the_plan.digest(),
                                       branch=board.branch, source_year=board.school_class.school_year,
                                       moves=class_moves, **NEW)


# --- keep apart ----------------------------------------------------------------------------
def test_the_preview_warns_when_target_and_bully_share_a_new_class(board):
    case = open_case(board)  # target: board.student (school_class), bully: board.other_student (other_class)
    the_plan = plan(board, moves(board, together=True))
    assert [w.message for w in the_plan.warnings] == [
        f"Klas 3A: {board.student.full_name} en {board.other_student.full_name} waren slachtoffer en pester in zaak "
        f"{case.reference} (geopend {timezone.localtime(case.opened_at):%d-%m-%Y}). "
        "Plaats hen liever niet in dezelfde klas, of maak afspraken met de nieuwe mentor."
    ]
    assert plan(board, moves(board, together=False)).warnings == []


def test_cases_older_than_two_school_years_do_not_warn(board):
    case = open_case(board)
    with board.tenant():
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - dt.timedelta(days=3 * 365))
    assert plan(board, moves(board, together=True)).warnings == []


def test_a_closed_case_of_last_year_still_warns(board):
    case = open_case(board)
    with board.tenant():
        Case.objects.filter(pk=case.pk).update(is_closed=True, opened_at=timezone.now() - dt.timedelta(days=300))
    assert len(plan(board, moves(board, together=True)).warnings) == 1


# --- hand-over of open cases ------------------------------------------------------------------
def test_open_cases_pass_to_the_new_mentor_who_is_told(board):
    case = open_case(board)
    assert case.mentor == board.mentor  # the mentor of the target's class
    apply(board, moves(board, together=False))
    with board.tenant():
        case.refresh_from_db()
        assert case.mentor == board.teacher
        assert AuditEvent.objects.for_organisation(board.organisation).filter(
            object_type="incidents.case", object_id=str(case.pk), action="update", actor=board.management).exists()
        note = Notification.objects.for_organisation(board.organisation).get(recipient=board.teacher, kind="handover")
        assert note.url == reverse("incidents:handover")


def test_a_case_with_a_mentor_of_its_own_choosing_keeps_it(board):
    case = open_case(board)
    other = f.make_staff(Role.MENTOR, branch=board.branch)
    with board.tenant():
        Case.objects.filter(pk=case.pk).update(mentor=other)
    apply(board, moves(board, together=False))
    with board.tenant():
        case.refresh_from_db()
        assert case.mentor == other


# --- the hand-over list ---------------------------------------------------------------------
def test_the_new_mentor_sees_the_hand_over_list_with_history_and_warnings(client, board):
    case = open_case(board, description="Wordt buitengesloten in de pauze.")
    old = open_case(board)
    with board.tenant():
        Case.objects.filter(pk=old.pk).update(is_closed=True, closed_at=timezone.now())
    _plan, year = apply(board, moves(board, together=True))
    client.force_login(board.teacher)
    response = client.get(reverse("incidents:handover"))
    assert response.status_code == 302
    response = client.get(response.url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Overdracht klas 3A (2027-2028)" in page
    assert case.reference in page and old.reference in page
    assert "Lopende zaken" in page and "Eerdere zaken" in page
    assert "waren slachtoffer en pester" in page
    assert f'href="{reverse("incidents:case_detail", args=[case.pk])}"' in page  # now the case's mentor
    with board.tenant():
        assert AuditEvent.objects.for_organisation(board.organisation).filter(
            actor=board.teacher, action="read", object_type="people.schoolclass").exists()


def test_the_coordinator_sees_the_branch_and_others_get_404(client, board, other_board):
    apply(board, moves(board, together=False))
    with board.tenant():
        new_class = handover.handover_classes_for(board.teacher).get(name="3A")
    client.force_login(board.coordinator)
    assert client.get(reverse("incidents:handover_class", args=[new_class.pk])).status_code == 200
    for person in (board.mentor, other_board.management, other_board.coordinator):
        client.force_login(person)
        assert client.get(reverse("incidents:handover_class", args=[new_class.pk])).status_code == 404
    client.force_login(board.adviser)
    response = client.get(reverse("incidents:handover"))
    assert "U heeft geen klassen met een overdracht." in response.content.decode()
