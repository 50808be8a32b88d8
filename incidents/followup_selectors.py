"""Reads of follow-ups for people: the overdue dashboard, "Mijn termijnen", the case page,
the menu counts, the API and the calendar feed.

Who sees which follow-ups (``followups_for``):

* board roles: every follow-up of the organisation;
* the branch's anti-bullying coordinator and branch management: those of their branch;
* everyone: the follow-ups they own.

"Overdue" here means *active and past its due date*, whether or not the scan has marked it
yet (the scan runs every few minutes; a page should not wait for it). Days overdue and days
left are counted in school days with each branch's own calendar, looked up once per
branch per list, so a list costs the same number of queries for 5 follow-ups as for 500.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as SqlCase
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from people import access as people_access
from people.permissions import (
    Permission,
    board_wide,
    branch_ids_where,
    has_permission,
    within_reach,
)
from protocol.calendars import calendar_for, uncovered_years_warning
from protocol.definitions import get_definition

from .access import excluded_case_ids
from .deadlines import deadline_badge
from .models import FollowUp
from .vocab import lang

ACTIVE = (FollowUp.Status.OPEN, FollowUp.Status.OVERDUE)

STATUS_FILTERS = ("active", "overdue", "open", "done", "cancelled", "all")
SCOPES = ("mine", "branch", "all")



# --- who sees what ---------------------------------------------------------------------------
def sees_dashboard(scope) -> bool:
    return scope.organisation_id is not None and has_permission(scope, Permission.READ_FOLLOWUP_OVERVIEW)


def owns_followups(scope) -> bool:
    return scope.organisation_id is not None and has_permission(scope, Permission.KEEP_FOLLOWUPS)


def followups_for(user, scope_name: str = "") -> QuerySet[FollowUp]:
    """The follow-ups this user may see; ``scope_name`` narrows to mine / branch / all.

    Asking for a wider scope than the role allows gives the allowed part (the API answers
    403 before that, see ``allowed_scopes``)."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return FollowUp.objects.none()
    # Never the follow-ups of a case the user is excluded from (conflict of interest).
    qs = FollowUp.objects.for_organisation(scope.organisation_id).exclude(case_id__in=excluded_case_ids(user))
    mine = Q(owner=user)
    if scope_name == "mine":
        return qs.filter(mine)
    if board_wide(scope, Permission.READ_FOLLOWUP_OVERVIEW):
        return qs
    branches = branch_ids_where(scope, Permission.READ_FOLLOWUP_OVERVIEW)
    if scope_name == "branch":
        return qs.filter(case__branch_id__in=branches)
    return qs.filter(Q(case__branch_id__in=branches) | mine)


def allowed_scopes(user) -> list[str]:
    if board_wide(user, Permission.READ_FOLLOWUP_OVERVIEW):
        return ["mine", "branch", "all"]
    if branch_ids_where(user, Permission.READ_FOLLOWUP_OVERVIEW):
        return ["mine", "branch"]
    return ["mine"]


def default_scope(user) -> str:
    return allowed_scopes(user)[-1]


def get_followup_for_user(user, followup_id) -> FollowUp:
    """One follow-up the user may see, else 404 (other tenants, other branches, bad ids)."""
    return people_access.get_or_404(followups_for(user).select_related("case", "case__branch", "owner"), followup_id)


def can_complete(user, followup: FollowUp) -> bool:
    """The rule of incidents.followups.followup_complete, for showing the button."""
    if not followup.is_active:
        return False
    if followup.owner_id == user.pk:
        return True
    return has_permission(user, Permission.COMPLETE_FOLLOWUPS, branch=followup.case.branch_id)


# --- lists -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpFilters:
    branch: int | None = None
    owner: int | None = None
    status: str = "active"
    kind: str = ""


def _overdue_q(today: dt.date) -> Q:
    return Q(status__in=ACTIVE, due_on__lt=today)


def followup_list(user, filters: FollowUpFilters | None = None, *, scope_name: str = "",
                  today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Visible follow-ups, filtered; overdue first, then by due date."""
    filters = filters or FollowUpFilters()
    today = today or timezone.localdate()
    qs = followups_for(user, scope_name)
    status = filters.status if filters.status in STATUS_FILTERS else "active"
    if status == "active":
        qs = qs.filter(status__in=ACTIVE)
    elif status == "overdue":
        qs = qs.filter(_overdue_q(today))
    elif status == "open":
        qs = qs.filter(status__in=ACTIVE, due_on__gte=today)
    elif status in ("done", "cancelled"):
        qs = qs.filter(status=status)
    if filters.branch:
        qs = qs.filter(case__branch_id=filters.branch)
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    if filters.kind:
        qs = qs.filter(deadline_key=filters.kind)
    return (
        qs.select_related("case", "case__branch", "owner")
        .annotate(
            overdue_first=SqlCase(When(_overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("overdue_first", "due_on", "id")
    )


@dataclass
class FollowUpRow:
    """One follow-up as people see it: status in words, school days late or left."""

    followup: FollowUp
    label: str
    step: str
    explanation: str
    is_overdue: bool
    days_overdue: int
    days_left: int
    status_label: str
    can_complete: bool = False
    calendar_warning: str | None = None

    @property
    def case(self):
        return self.followup.case

    @property
    def state_label(self) -> str:
        """The state in words, the same on every page (incidents.deadlines)."""
        return deadline_badge(self)


def _step_text(case, step_key: str, language: str) -> str:
    try:
        step = get_definition(case.protocol_key, case.protocol_version).step(step_key)
    except (KeyError, LookupError, ValueError):
        return step_key
    text = step.label.get(language)
    return f"{step.number}. {text}" if step.number else text


def followup_rows(user, followups, *, today: dt.date | None = None, warnings: bool = False) -> list[FollowUpRow]:
    """Rows for a page or the API: one calendar look-up per branch, none per follow-up."""
    today = today or timezone.localdate()
    language = lang()
    calendars: dict = {}
    rows = []
    for f in followups:
        branch_id = f.case.branch_id
        if branch_id not in calendars:
            calendars[branch_id] = calendar_for(f.organisation_id, branch_id)
        calendar = calendars[branch_id]
        active = f.status in ACTIVE
        overdue = active and f.due_on < today
        days_overdue = calendar.school_days_between(f.due_on, today) if overdue else 0
        days_left = calendar.school_days_between(today, f.due_on) if active and not overdue else 0
        if overdue:
            status_label = str(FollowUp.Status.OVERDUE.label)
        else:
            status_label = str(FollowUp.Status(f.status).label)
        rows.append(
            FollowUpRow(
                followup=f,
                label=f.label_en if language == "en" and f.label_en else f.label_nl,
                step=_step_text(f.case, f.step, language),
                explanation=f.explanation_en if language == "en" and f.explanation_en else f.explanation_nl,
                is_overdue=overdue,
                days_overdue=days_overdue,
                days_left=days_left,
                status_label=status_label,
                can_complete=can_complete(user, f),
                calendar_warning=uncovered_years_warning(calendar, [f.starts_on, f.due_on]) if warnings and active else None,
            )
        )
    return rows


def case_followups(user, case, *, today: dt.date | None = None) -> list[FollowUpRow]:
    """The stored follow-ups of a case the user already may see (the case page checked it)."""
    qs = (
        FollowUp.objects.for_organisation(case.organisation_id)
        .filter(case=case)
        .exclude(status=FollowUp.Status.CANCELLED)
        .select_related("case", "owner")
        .order_by("due_on", "id")
    )
    rows = followup_rows(user, qs, today=today)
    # Running ones first; done ones after them, most recent last.
    return [r for r in rows if r.followup.is_active] + [r for r in rows if not r.followup.is_active]


def filter_choices(user) -> dict:
    """Choices of the dashboard's filters: three small queries, whatever the list's size."""
    from people.models import User

    visible = followups_for(user)
    owners = list(User.objects.filter(pk__in=visible.values("owner_id")).order_by("full_name").only("id", "full_name", "email"))
    kinds = {}
    language = lang()
    for key, nl, en in visible.order_by().values_list("deadline_key", "label_nl", "label_en").distinct():
        kinds.setdefault(key, en if language == "en" and en else nl)
    branches = list(people_access.branches_for(user).order_by("name"))
    if not board_wide(user, Permission.READ_FOLLOWUP_OVERVIEW):
        dashboard_branches = branch_ids_where(user, Permission.READ_FOLLOWUP_OVERVIEW)
        branches = [b for b in branches if b.pk in dashboard_branches]
    return {
        "branches": branches,
        "owners": owners,
        "kinds": sorted(kinds.items(), key=lambda kv: kv[1]),
    }


# --- the menu counts -------------------------------------------------------------------------
def overdue_counts(user, *, today: dt.date | None = None) -> dict[str, int]:
    """Overdue follow-ups for the menu, in one query: on the dashboard and owned by the user."""
    scope = people_access.scope_for(user)
    dashboard, own = sees_dashboard(scope), owns_followups(scope)
    if not (dashboard or own):
        return {}
    today = today or timezone.localdate()
    qs = FollowUp.objects.for_organisation(scope.organisation_id).filter(_overdue_q(today)).exclude(
        case_id__in=excluded_case_ids(user))
    aggregates = {}
    if dashboard:
        branch_q = within_reach(scope, Permission.READ_FOLLOWUP_OVERVIEW, field="case__branch_id")
        aggregates["dashboard"] = Count("pk", filter=branch_q) if branch_q else Count("pk")
    if own:
        aggregates["mine"] = Count("pk", filter=Q(owner=user))
    return {key: value or 0 for key, value in qs.aggregate(**aggregates).items()}


def open_followups_of(user) -> QuerySet[FollowUp]:
    """The user's own running follow-ups, for the calendar feed."""
    return (
        FollowUp.objects.for_organisation(user.organisation_id)
        .filter(owner=user, status__in=ACTIVE)
        .exclude(case_id__in=excluded_case_ids(user))
        .select_related("case")
        .order_by("due_on", "id")
    )
