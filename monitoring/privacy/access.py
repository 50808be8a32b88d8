"""Who may use the privacy pages.

* Board management (algemene directie): everything — the retention policy, the dry run and
  the reports of past runs, the subject-access export of any student, the register.
* Branch management (directie vestiging): the subject-access export of their branch's
  students, the policy (read only) and the register.
* Everyone else, and every other organisation: 404.

From the table of people.permissions: SUBJECT_ACCESS_EXPORT and MANAGE_RETENTION.
"""
from __future__ import annotations

from django.http import Http404

from incidents.access import excluded_case_ids
from incidents.models import Participant
from people import access as people_access
from people.models import Student
from people.permissions import Permission, has_permission, within_reach


def is_board_management(user) -> bool:
    """Sets the retention policy and runs it."""
    return has_permission(user, Permission.MANAGE_RETENTION)


def can_use_privacy(user) -> bool:
    return has_permission(user, Permission.SUBJECT_ACCESS_EXPORT)


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
    return qs.filter(within_reach(user, Permission.SUBJECT_ACCESS_EXPORT))


def get_export_student_for_user(user, student_id) -> Student:
    return people_access.get_or_404(export_students_for(user), student_id)
