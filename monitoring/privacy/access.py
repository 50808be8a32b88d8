"""Who may use the privacy pages.

* Board management (algemene directie): everything — the retention policy, the dry run and
  the reports of past runs, the subject-access export of any student, the register.
* Branch management (directie vestiging): the subject-access export of their branch's
  students, the policy (read only) and the register.
* Everyone else, and every other organisation: 404.
"""
from __future__ import annotations

from django.http import Http404

from incidents.access import excluded_case_ids
from incidents.models import Participant
from people import access as people_access
from people.models import Student
from people.roles import Role


def is_board_management(user) -> bool:
    return Role.BOARD_MANAGEMENT in people_access.scope_for(user).organisation_roles


def can_use_privacy(user) -> bool:
    scope = people_access.scope_for(user)
    return Role.BOARD_MANAGEMENT in scope.organisation_roles or bool(scope.branches_with({Role.BRANCH_MANAGEMENT}))


def require_privacy(user) -> None:
    if not can_use_privacy(user):
        raise Http404


def require_board_management(user) -> None:
    if not is_board_management(user):
        raise Http404


def export_students_for(user):
    """Students whose subject-access export the user may make."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return Student.objects.none()
    # Not the students of a case the user is excluded from (conflict of interest): the
    # export holds the whole dossier, so someone else makes it.
    qs = Student.objects.for_organisation(scope.organisation_id).exclude(
        pk__in=Participant.objects.filter(case_id__in=excluded_case_ids(user), student__isnull=False).values("student_id"))
    if Role.BOARD_MANAGEMENT in scope.organisation_roles:
        return qs
    return qs.filter(branch_id__in=scope.branches_with({Role.BRANCH_MANAGEMENT}))


def get_export_student_for_user(user, student_id) -> Student:
    try:
        return export_students_for(user).get(pk=int(student_id))
    except (Student.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None
