"""Who may see and manage the thermometer's rounds and results (built on people.permissions).

Two permissions of the table decide it: ``MANAGE_ROUNDS`` (open rounds, print and revoke
codes) and ``READ_DASHBOARDS`` (read the results). Each holds at the branches where the user
has a role that carries it; a board role holds it at every branch of the organisation.

A round can span several branches. A user reaches a round for a permission when the round
has a class at a branch where they hold that permission, and within the round they reach
only those branches' classes. The round pages, the results pages and the API all go through
``get_round_for_user``: a bad id, another organisation's round, or a round without a class
where the user holds the permission is the same 404.
"""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from people import access as people_access
from people.ids import id_or_404
from people.models import Branch
from people.permissions import (
    Permission,
    board_wide,
    branches_where,
    has_permission,
    roles_with,
    within_reach,
)

from .models import RoundClass, SurveyRound

MANAGE_ROUNDS = Permission.MANAGE_ROUNDS
READ_DASHBOARDS = Permission.READ_DASHBOARDS


# --- the two permissions, as questions ---------------------------------------------------


def can_manage_rounds(user, branch: Branch | int | None = None) -> bool:
    """May the user open rounds and issue or revoke codes (at ``branch``, or anywhere)?"""
    return has_permission(user, MANAGE_ROUNDS, branch=branch)


def can_manage_any(user) -> bool:
    return has_permission(user, MANAGE_ROUNDS)


def can_see_board_view(user) -> bool:
    """The board view compares every branch: for those who read results board-wide."""
    return board_wide(user, READ_DASHBOARDS)


def sees_results(scope) -> bool:
    """For the menu, from the scope it already holds: does any role read results?"""
    return bool(scope.all_roles & roles_with(READ_DASHBOARDS))


def runs_rounds(scope) -> bool:
    """For the menu: does any role manage rounds?"""
    return bool(scope.all_roles & roles_with(MANAGE_ROUNDS))


# --- branches --------------------------------------------------------------------------


def dashboard_branches_for(user) -> QuerySet[Branch]:
    """Branches whose results the user may see (board roles: all of the organisation)."""
    return branches_where(user, READ_DASHBOARDS)


def get_dashboard_branch_for_user(user, branch_id) -> Branch:
    """The branch, or 404 for bad ids, other tenants and users who may not see its results."""
    found = dashboard_branches_for(user).filter(pk=id_or_404(str(branch_id))).first()
    if found is None:
        raise Http404
    return found


# --- rounds ----------------------------------------------------------------------------


def round_classes_for(user, *, permission: Permission) -> QuerySet[RoundClass]:
    """The round classes at branches where the user holds ``permission`` (lazy)."""
    org_id = people_access.scope_for(user).organisation_id
    if org_id is None:
        return RoundClass.objects.none()
    return RoundClass.objects.for_organisation(org_id).filter(within_reach(user, permission))


def rounds_for(user, *, permission: Permission) -> QuerySet[SurveyRound]:
    """Rounds with at least one class at a branch where the user holds ``permission``."""
    org_id = people_access.scope_for(user).organisation_id
    if org_id is None:
        return SurveyRound.objects.none()
    return SurveyRound.objects.for_organisation(org_id).filter(
        pk__in=round_classes_for(user, permission=permission).values("round_id")
    )


def get_round_for_user(user, round_id, *, permission: Permission, branch: Branch | None = None) -> SurveyRound:
    """A round the user reaches for ``permission`` (with a class of ``branch`` when given), or 404."""
    pk = id_or_404(str(round_id))
    classes = round_classes_for(user, permission=permission)
    if branch is not None:
        classes = classes.filter(branch=branch)
    org_id = people_access.scope_for(user).organisation_id
    found = None
    if org_id is not None:
        found = SurveyRound.objects.for_organisation(org_id).filter(pk=pk, pk__in=classes.values("round_id")).first()
    if found is None:
        raise Http404
    return found


def get_round_class_for_user(user, survey: SurveyRound, round_class_id) -> RoundClass:
    """A class of the round at a branch where the user manages rounds, or 404."""
    found = (
        round_classes_for(user, permission=MANAGE_ROUNDS)
        .filter(round=survey, pk=id_or_404(str(round_class_id)))
        .select_related("branch", "round")
        .first()
    )
    if found is None:
        raise Http404
    return found
