"""Role rules inside an organisation and the wall between organisations."""
import datetime as dt

import pytest
from django.http import Http404

from people import access
from people.models import RoleAssignment
from people.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_shows_a_mentor_only_the_students_of_their_own_classes(board):
    with board.tenant():
        visible = set(access.students_for(board.mentor))
        assert visible == {board.student}


def test_it_shows_a_coordinator_every_student_of_their_branch_only(board):
    with board.tenant():
        elsewhere = f.StudentFactory(branch=board.other_branch)
        visible = set(access.students_for(board.coordinator))
        assert visible == {board.student, board.other_student}
        assert elsewhere not in visible


def test_it_shows_board_roles_the_whole_organisation(board):
    with board.tenant():
        elsewhere = f.StudentFactory(branch=board.other_branch)
        assert set(access.students_for(board.board_coordinator)) == {board.student, board.other_student, elsewhere}
        assert set(access.branches_for(board.board_coordinator)) == {board.branch, board.other_branch}


def test_it_gives_teachers_and_advisers_no_student_records_by_default(board):
    with board.tenant():
        assert list(access.students_for(board.teacher)) == []
        assert list(access.students_for(board.adviser)) == []


def test_it_lets_a_single_record_be_shared_through_a_guardian_grant(board):
    with board.tenant():
        access.grant_student_access(student=board.other_student, user=board.teacher)
        assert list(access.students_for(board.teacher)) == [board.other_student]
        assert access.get_student_for_user(board.teacher, board.other_student.pk) == board.other_student


def test_it_refuses_a_grant_across_organisations(board, other_board):
    with board.tenant():
        with pytest.raises(Http404):
            access.grant_student_access(student=other_board.student, user=board.teacher)


def test_it_gives_404_for_another_organisations_ids(board, other_board):
    with board.tenant():
        for getter, obj in [
            (access.get_student_for_user, other_board.student),
            (access.get_branch_for_user, other_board.branch),
            (access.get_class_for_user, other_board.school_class),
        ]:
            with pytest.raises(Http404):
                getter(board.board_coordinator, obj.pk)


def test_it_gives_404_for_garbage_ids(board):
    with board.tenant():
        with pytest.raises(Http404):
            access.get_student_for_user(board.coordinator, "1 OR 1=1")


def test_it_holds_several_roles_at_several_branches(board):
    with board.tenant():
        person = f.make_staff(Role.MENTOR, branch=board.branch)
        RoleAssignment.objects.create(
            organisation=board.organisation, user=person, role=Role.COORDINATOR, branch=board.other_branch
        )
        access.forget_scope(person)
        assert access.has_role(person, Role.MENTOR, branch=board.branch)
        assert access.has_role(person, Role.COORDINATOR, branch=board.other_branch)
        assert not access.has_role(person, Role.COORDINATOR, branch=board.branch)
        assert set(access.branches_for(person)) == {board.branch, board.other_branch}


def test_last_years_mentor_no_longer_sees_the_class(board):
    from tests import factories as fx

    with board.tenant():
        last_year = fx.SchoolYearFactory(organisation=board.organisation, name="2024-2025",
                                         starts_on=dt.date(2024, 8, 1), ends_on=dt.date(2025, 7, 31))
        old_class = fx.SchoolClassFactory(branch=board.branch, school_year=last_year)
        old_student = fx.EnrolmentFactory(school_class=old_class).student
        from people.models import ClassMentor

        ClassMentor.objects.create(organisation=board.organisation, school_class=old_class, mentor=board.mentor)
        assert old_student not in set(access.students_for(board.mentor))
        assert board.student in set(access.students_for(board.mentor))
