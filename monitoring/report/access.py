"""Who may export the report and who keeps the prevention register.

* Export (PDF, HTML page, CSV, board jobs): branch management for their own branch;
  board management and the board coordinator for every branch and the whole organisation.
  Everyone else, and every other organisation, gets 404.
* The prevention register: the branch's coordinator and management, and the board roles.
"""
from __future__ import annotations

from django.http import Http404

from people import access as people_access
from people.models import Branch, SchoolYear
from people.roles import Role

EXPORT_BRANCH_ROLES = frozenset({Role.BRANCH_MANAGEMENT})
EXPORT_BOARD_ROLES = frozenset({Role.BOARD_MANAGEMENT, Role.BOARD_COORDINATOR})
REGISTER_BRANCH_ROLES = frozenset({Role.COORDINATOR, Role.BRANCH_MANAGEMENT})


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None


def _branches_with(user, branch_roles):
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return Branch.objects.none()
    qs = Branch.objects.for_organisation(scope.organisation_id)
    if scope.organisation_roles & EXPORT_BOARD_ROLES:
        return qs
    return qs.filter(pk__in=scope.branches_with(branch_roles))


def report_branches_for(user):
    """Branches whose report the user may export."""
    return _branches_with(user, EXPORT_BRANCH_ROLES).order_by("name")


def can_export(user) -> bool:
    return report_branches_for(user).exists()


def can_export_organisation(user) -> bool:
    return bool(people_access.scope_for(user).organisation_roles & EXPORT_BOARD_ROLES)


def get_report_branch_for_user(user, branch_id) -> Branch:
    try:
        return report_branches_for(user).get(pk=_int(branch_id))
    except Branch.DoesNotExist:
        raise Http404 from None


def register_branches_for(user):
    """Branches whose prevention register the user keeps."""
    return _branches_with(user, REGISTER_BRANCH_ROLES).order_by("name")


def can_keep_register(user) -> bool:
    return register_branches_for(user).exists()


def get_register_branch_for_user(user, branch_id) -> Branch:
    try:
        return register_branches_for(user).get(pk=_int(branch_id))
    except Branch.DoesNotExist:
        raise Http404 from None


def school_years_for(user):
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return SchoolYear.objects.none()
    return SchoolYear.objects.for_organisation(scope.organisation_id).order_by("-starts_on")


def get_school_year_for_user(user, year_id) -> SchoolYear:
    try:
        return school_years_for(user).get(pk=_int(year_id))
    except SchoolYear.DoesNotExist:
        raise Http404 from None
