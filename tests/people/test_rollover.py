"""A new school year: classes one year up, students moving, leavers, mentors (people.rollover)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from people import rollover
from people.models import (
    AuditEvent,
    ClassMentor,
    Enrolment,
    RoleAssignment,
    SchoolClass,
    SchoolYear,
    Student,
)
from people.roles import Role
from tests import factories as f

NEW = {"name": "2027-2028", "starts_on": dt.date(2027, 8, 1), "ends_on": dt.date(2028, 7, 31)}


def params(board, moves, **extra):
    return {"branch": board.branch, "source_year": board.school_class.school_year, "moves": moves, **NEW, **extra}


def standard_moves(board, mentor=None):
    return [rollover.ClassMove(board.school_class.pk, "3A", mentor_id=getattr(mentor or board.teacher, "pk", None)),
            rollover.ClassMove(board.other_class.pk, leaves=True)]


def plan(board, moves, user=None, **extra):
    with board.tenant():
        return rollover.rollover_plan(acting_user=user or board.management, **params(board, moves, **extra))


def apply(board, moves, user=None):
    the_plan = plan(board, moves, user)
    with board.tenant():
        return rollover.rollover_apply(acting_user=user or board.management, expected_digest=the_plan.digest(),
                                       **params(board, moves))


@pytest.mark.parametrize(("old", "new"), [("2B", "3B"), ("H2a", "H3a"), ("1-vwo", "2-vwo"), ("9X", "10X"), ("Kopklas", "Kopklas")])
def test_it_proposes_the_next_class_name(old, new):
    assert rollover.next_class_name(old) == new


def test_it_proposes_every_class_one_year_up(board):
    with board.tenant():
        moves = rollover.default_moves(branch=board.branch, source_year=board.school_class.school_year)
    assert {m.old_class_id: m.new_name for m in moves} == {
        board.school_class.pk: rollover.next_class_name(board.school_class.name),
        board.other_class.pk: rollover.next_class_name(board.other_class.name),
    }
    assert rollover.next_year_defaults(board.school_class.school_year) == ("2027-2028", dt.date(2027, 8, 1), dt.date(2028, 7, 31))


def test_the_preview_writes_nothing(board):
    the_plan = plan(board, standard_moves(board))
    assert [(c.name, c.grade, c.students, c.mentor_ids) for c in the_plan.classes] == [("3A", 3, 1, [board.teacher.pk])]
    assert [p.student_id for p in the_plan.placements] == [board.student.pk]
    assert [p.student_id for p in the_plan.leavers] == [board.other_student.pk]
    with board.tenant():
        assert not SchoolYear.objects.for_organisation(board.organisation).filter(name="2027-2028").exists()


def test_it_moves_students_up_marks_leavers_and_sets_mentors(board):
    the_plan, year = apply(board, standard_moves(board))
    with board.tenant():
        new_class = SchoolClass.objects.for_organisation(board.organisation).get(school_year=year, name="3A")
        assert new_class.grade == 3
        assert Enrolment.objects.for_organisation(board.organisation).get(student=board.student, school_year=year).school_class == new_class
        assert list(ClassMentor.objects.for_organisation(board.organisation).filter(school_class=new_class)
                    .values_list("mentor_id", flat=True)) == [board.teacher.pk]
        assert RoleAssignment.objects.for_organisation(board.organisation).filter(
            user=board.teacher, role=Role.MENTOR, branch=board.branch).exists()
        leaver = Student.objects.for_organisation(board.organisation).get(pk=board.other_student.pk)
        assert leaver.left_on == dt.date(2027, 7, 31)
        assert not Enrolment.objects.for_organisation(board.organisation).filter(student=leaver, school_year=year).exists()
        trail = AuditEvent.objects.for_organisation(board.organisation).filter(actor=board.management)
        assert trail.filter(object_type="people.schoolyear", action="create").count() == 1
        assert trail.filter(object_type="people.schoolclass", object_id=str(new_class.pk)).exists()
        assert trail.filter(object_type="people.student", object_id=str(leaver.pk), action="update").exists()


def test_running_it_again_changes_nothing(board):
    apply(board, standard_moves(board))
    again = plan(board, standard_moves(board))
    assert again.placements == [] and again.leavers == []
    assert again.already_placed == {board.student.pk: "3A"}
    apply(board, standard_moves(board))
    with board.tenant():
        assert Enrolment.objects.for_organisation(board.organisation).filter(student=board.student).count() == 2
        assert SchoolClass.objects.for_organisation(board.organisation).filter(name="3A").count() == 1


def test_two_classes_with_the_same_new_name_are_merged(board):
    moves = [rollover.ClassMove(board.school_class.pk, "3A"), rollover.ClassMove(board.other_class.pk, " 3A ")]
    the_plan = plan(board, moves)
    assert [(c.name, c.students, sorted(c.from_classes)) for c in the_plan.classes] == [
        ("3A", 2, sorted([board.school_class.name, board.other_class.name]))]


@pytest.mark.parametrize(
    ("moves", "extra", "message"),
    [
        (lambda b: [rollover.ClassMove(b.school_class.pk, "")], {},
         "Klas {name}: geef de nieuwe klas een naam of kies ‘verlaat de school’."),
        (lambda b: [], {"ends_on": dt.date(2027, 1, 1)}, "Het schooljaar moet eindigen na de eerste dag."),
        (lambda b: [], {"name": "2026-2027", "starts_on": dt.date(2026, 8, 1), "ends_on": dt.date(2027, 7, 31)},
         "Het nieuwe schooljaar moet na 2026-2027 beginnen."),
        (lambda b: [rollover.ClassMove(b.school_class.pk, "3A", mentor_id=b.other_mentor.pk)], {},
         "Klas {name}: kies een mentor die op deze vestiging werkt."),
    ],
)
def test_it_refuses_bad_input_in_dutch(board, other_board, moves, extra, message):
    board.other_mentor = other_board.mentor
    with pytest.raises(ValidationError) as caught:
        plan(board, moves(board), **extra)
    assert message.format(name=board.school_class.name) in caught.value.messages


def test_it_refuses_when_the_data_changed_after_the_preview(board):
    the_plan = plan(board, standard_moves(board))
    f.EnrolmentFactory(school_class=board.school_class)  # a student joins the class in between
    with board.tenant(), pytest.raises(ValidationError) as caught:
        rollover.rollover_apply(acting_user=board.management, expected_digest=the_plan.digest(),
                                **params(board, standard_moves(board)))
    assert caught.value.messages == [str(rollover.STALE)]
    with board.tenant():
        assert not SchoolYear.objects.for_organisation(board.organisation).filter(name="2027-2028").exists()


def test_it_is_for_management_of_the_branch(board):
    for person in (board.mentor, board.teacher, board.coordinator, board.board_coordinator):
        with pytest.raises(PermissionDenied):
            plan(board, standard_moves(board), user=person)
    elsewhere = f.make_staff(Role.BRANCH_MANAGEMENT, branch=board.other_branch)
    with pytest.raises(PermissionDenied):
        plan(board, standard_moves(board), user=elsewhere)
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    assert plan(board, standard_moves(board), user=board_management).placements


# --- pages ------------------------------------------------------------------------------------
def form_data(board, **extra):
    return {"branch": board.branch.pk, "source_year": board.school_class.school_year.pk, "name": "2027-2028",
            "starts_on": "2027-08-01", "ends_on": "2028-07-31", **extra}


def test_the_pages_preview_then_apply(client, board):
    client.force_login(board.management)
    assert client.get(reverse("people:rollover_start")).status_code == 200
    response = client.get(reverse("people:rollover_plan"), form_data(board))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Doorvoeren" in page and rollover.next_class_name(board.school_class.name) in page
    digest = response.context["digest"]
    moves = {"moves": "1", f"new_{board.school_class.pk}": "3A", f"mentor_{board.school_class.pk}": str(board.teacher.pk),
             f"new_{board.other_class.pk}": "", f"leave_{board.other_class.pk}": "on"}
    response = client.post(reverse("people:rollover_plan"), form_data(board, **moves))
    digest = response.context["digest"]
    assert response.context["plan"].classes[0].name == "3A"
    response = client.post(reverse("people:rollover_apply"), form_data(board, digest=digest, **moves), follow=True)
    assert "Schooljaar 2027-2028 staat klaar" in response.content.decode()
    with board.tenant():
        assert SchoolClass.objects.for_organisation(board.organisation).filter(name="3A").exists()


def test_the_pages_are_for_management_only(client, board):
    client.force_login(board.coordinator)
    assert client.get(reverse("people:rollover_start")).status_code == 403
    assert client.post(reverse("people:rollover_apply"), form_data(board)).status_code == 403


def test_another_tenants_branch_is_refused(client, board, other_board):
    client.force_login(other_board.management)
    response = client.get(reverse("people:rollover_plan"), form_data(board))
    assert response.status_code == 400
    with board.tenant():
        assert not SchoolYear.objects.for_organisation(board.organisation).filter(name="2027-2028").exists()
