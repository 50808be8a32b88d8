"""Who may export the report and who keeps the prevention register.

* Export (PDF, HTML page, CSV, board jobs): branch management for their own branch;
  board management and the board coordinator for every branch and the whole organisation.
  Everyone else, and every other organisation, gets 404.
* The prevention register: the branch's coordinator and management, and the board roles.

Both from the table of people.permissions (EXPORT_REPORT, KEEP_PREVENTION_REGISTER); ids
are read with people.access.get_or_404 (one 404 for bad, foreign and out-of-reach ids).
"""
from __future__ import annotations

from django.db.models import QuerySet

from people import access as people_access
from people.models import Branch, SchoolYear
from people.permissions import Permission, board_wide, branches_where


def report_branches_for(user) -> QuerySet[Branch]:
    """Branches whose report the user may export."""
    return branches_where(user, Permission.EXPORT_REPORT).order_by("name")


def can_export(user) -> bool:
    return report_branches_for(user).exists()


def can_export_organisation(user) -> bool:
    return board_wide(user, Permission.EXPORT_REPORT)


def get_report_branch_for_user(user, branch_id) -> Branch:
    return people_access.get_or_404(report_branches_for(user), branch_id)


def register_branches_for(user) -> QuerySet[Branch]:
    """Branches whose prevention register the user keeps."""
    return branches_where(user, Permission.KEEP_PREVENTION_REGISTER).order_by("name")


def can_keep_register(user) -> bool:
    return register_branches_for(user).exists()


def get_register_branch_for_user(user, branch_id) -> Branch:
    return people_access.get_or_404(register_branches_for(user), branch_id)


def school_years_for(user):
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return SchoolYear.objects.none()
    return SchoolYear.objects.for_organisation(scope.organisation_id).order_by("-starts_on")


def get_school_year_for_user(user, year_id) -> SchoolYear:
    return people_access.get_or_404(school_years_for(user), year_id)
