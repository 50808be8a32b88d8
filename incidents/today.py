"""The dossier's sections of the "Vandaag" start page (people.today) and the menu's
"untriaged" count.

Each provider costs a fixed number of queries whatever the number of signals, cases or
follow-ups (a slice of rows plus one count), so the page's query count stays flat; the
test in tests/people/test_today.py holds it to that.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from people import access as people_access
from people.models import Branch
from people.notification_context import NAV_COUNTERS
from people.permissions import Permission, board_wide, branch_ids_where, has_permission
from people.today import (
    TODAY_ACTIONS,
    TODAY_PROVIDERS,
    TodayItem,
    TodayLine,
    TodaySection,
    Urgency,
)

from . import access, selectors
from . import followup_selectors as fs
from .deadlines import deadline_badge
from .models import Case, FollowUp, Signal

LIMIT = TodaySection.LIMIT


def _triage_branches_q(scope) -> Q | None:
    if board_wide(scope, Permission.TRIAGE_SIGNALS):
        return Q()
    branches = branch_ids_where(scope, Permission.TRIAGE_SIGNALS)
    return Q(branch_id__in=branches) if branches else None


def _untriaged(user, scope):
    where = _triage_branches_q(scope)
    if where is None or scope.organisation_id is None:
        return None
    return Signal.objects.for_organisation(scope.organisation_id).filter(where, status=Signal.Status.NEW)


def untriaged_count(user) -> dict[str, int]:
    """The menu's count: new signals of the branches this user triages (one query)."""
    scope = people_access.scope_for(user)
    qs = _untriaged(user, scope)
    return {} if qs is None else {"untriaged": qs.count()}


def _bounded(qs, limit: int = LIMIT) -> tuple[list, int]:
    """At most ``limit`` rows and the total: always two queries, however many rows exist."""
    return list(qs[:limit]), qs.count()


# --- signals and public reports to triage ------------------------------------------------------
def _students_text(signal) -> str:
    names = [s.student.full_name if s.student else s.description for s in signal.students.all()]
    return ", ".join(n for n in names if n)


def signals_section(user, scope, today):
    qs = _untriaged(user, scope)
    if qs is None:
        return None
    qs = (
        qs.filter(source=Signal.Source.STAFF)
        .select_related("branch", "reported_by")
        .prefetch_related("students__student")
        .order_by("reported_at", "id")
    )
    rows, total = _bounded(qs)
    list_url = reverse("incidents:signal_list")
    return TodaySection(
        key="signals", title=_("Signalen te beoordelen"), urgency=Urgency.TRIAGE,
        items=[
            TodayItem(
                title=_students_text(s) or _("Signaal zonder leerlingen"),
                url=f"{list_url}#signaal-{s.pk}", action=_("Beoordelen"),
                badge=s.reported_at.strftime("%d-%m"), danger=(today - s.reported_at.date()).days >= 2,
                detail=f"{s.branch.name} · {s.description[:120]}",
            )
            for s in rows
        ],
        total=total, more_url=list_url, more_label=_("Alle nieuwe signalen"),
        empty=_("Geen nieuwe signalen. Een signaal van een collega komt hier; open er een zaak van, koppel het of handel het af."),
    )


def public_reports_section(user, scope, today):
    qs = _untriaged(user, scope)
    if qs is None:
        return None
    qs = (
        qs.filter(source=Signal.Source.PUBLIC_REPORT, public_report__isnull=False)
        .select_related("branch", "public_report")
        .order_by("reported_at", "id")
    )
    rows, total = _bounded(qs)
    return TodaySection(
        key="reports", title=_("Meldingen van leerlingen en ouders"), urgency=Urgency.TRIAGE,
        items=[
            TodayItem(
                title=_("Melding van %(who)s") % {"who": s.public_report.get_reporter_kind_display().lower()},
                url=reverse("public_report:staff_detail", args=[s.public_report.pk]), action=_("Lezen en beantwoorden"),
                badge=s.reported_at.strftime("%d-%m"), danger=(today - s.reported_at.date()).days >= 2,
                detail=f"{s.branch.name} · {s.description[:120]}",
            )
            for s in rows
        ],
        total=total, more_url=reverse("public_report:staff_list"), more_label=_("Alle meldingen"),
        empty=_("Geen nieuwe meldingen. Leerlingen en ouders melden via de meldpagina van de vestiging."),
    )


# --- follow-ups ----------------------------------------------------------------------------------
def _followup_items(user, followups, today) -> list[TodayItem]:
    items = []
    for row in fs.followup_rows(user, followups, today=today):
        f = row.followup
        items.append(TodayItem(
            title=f"{f.case.reference}: {row.label}",
            url=reverse("incidents:case_detail", args=[f.case_id]) + "#termijnbewaking",
            badge=deadline_badge(row), danger=row.is_overdue,
            detail=_("Uiterlijk %(due)s · eigenaar: %(owner)s") % {
                "due": f.due_on.strftime("%d-%m-%Y"), "owner": f.owner or "—"},
        ))
    return items


def overdue_section(user, scope, today):
    if not (fs.owns_followups(scope) or fs.sees_dashboard(scope)):
        return None
    qs = fs.followup_list(user, fs.FollowUpFilters(status="overdue"), today=today)
    rows, total = _bounded(qs)
    more = reverse("incidents:followup_dashboard") if fs.sees_dashboard(scope) else reverse("incidents:my_followups")
    return TodaySection(
        key="overdue", title=_("Termijnen te laat"), urgency=Urgency.OVERDUE,
        items=_followup_items(user, rows, today), total=total, more_url=more + "?status=overdue",
        more_label=_("Alle verlopen termijnen"),
        empty=_("Geen verlopen termijnen. Zo houden: leg gesprekken en afspraken vast op de zaakpagina."),
    )


def this_week_section(user, scope, today):
    if not fs.owns_followups(scope):
        return None
    qs = fs.followup_list(user, fs.FollowUpFilters(status="open"), scope_name="mine", today=today).filter(
        due_on__lte=today + dt.timedelta(days=7)
    )
    rows, total = _bounded(qs)
    return TodaySection(
        key="week", title=_("Mijn termijnen deze week"), urgency=Urgency.THIS_WEEK,
        items=_followup_items(user, rows, today), total=total, more_url=reverse("incidents:my_followups"),
        more_label=_("Al mijn termijnen"),
        empty=_("Deze week loopt geen termijn van u af."),
    )


# --- cases where the protocol waits for this person ------------------------------------------------
def waiting_cases_section(user, scope, today):
    # Whoever reads cases by role, and whoever may be given a follow-up (a teacher on a shared case).
    if scope.organisation_id is None or not (
        has_permission(scope, Permission.READ_CASES) or has_permission(scope, Permission.KEEP_FOLLOWUPS)
    ):
        return None
    qs = (
        access.cases_for(user).filter(is_closed=False).filter(Q(mentor=user) | Q(coordinator=user))
        .select_related("branch", "mentor", "coordinator").order_by("updated_at", "id")
    )
    cases, total = _bounded(qs)
    needs = selectors.needs_next(cases, today=today)
    items = []
    for case in cases:
        need = needs.get(case.pk, "")
        owner = case.mentor if case.mentor_id else case.coordinator
        detail = _("Nodig: %(need)s") % {"need": need} if need else _("Het protocol wacht niet op een stap.")
        if owner is not None:
            detail += " · " + _("eigenaar: %(owner)s") % {"owner": owner}
        items.append(TodayItem(
            title=f"{case.reference} {case.title}", url=reverse("incidents:case_detail", args=[case.pk]) + "#volgende-stap",
            detail=detail,
        ))
    return TodaySection(
        key="cases", title=_("Zaken die op u wachten"), urgency=Urgency.WAITING, items=items, total=total,
        more_url=reverse("incidents:my_cases"), more_label=_("Al mijn zaken"),
        empty=_("U bent van geen open zaak mentor of coördinator. Een nieuwe zaak begint met een signaal."),
    )


# --- board roles: one line per branch ---------------------------------------------------------------
def branches_section(user, scope, today):
    if not scope.is_board:
        return None
    org = scope.organisation_id
    branches = list(Branch.objects.for_organisation(org).order_by("name").only("id", "name"))
    open_cases = dict(
        Case.objects.for_organisation(org).filter(is_closed=False).values_list("branch_id").annotate(n=Count("pk"))
    )
    overdue = dict(
        FollowUp.objects.for_organisation(org).filter(status__in=fs.ACTIVE, due_on__lt=today)
        .values_list("case__branch_id").annotate(n=Count("pk"))
    )
    untriaged = dict(
        Signal.objects.for_organisation(org).filter(status=Signal.Status.NEW).values_list("branch_id").annotate(n=Count("pk"))
    )
    case_list = reverse("incidents:case_list")
    lines = [
        TodayLine(label=b.name, url=f"{case_list}?branch={b.pk}",
                  values=[open_cases.get(b.pk, 0), overdue.get(b.pk, 0), untriaged.get(b.pk, 0)])
        for b in branches
    ]
    return TodaySection(
        key="branches", title=_("Per vestiging"), urgency=Urgency.BOARD,
        columns=[_("Open zaken"), _("Termijnen te laat"), _("Signalen niet beoordeeld")], lines=lines,
        empty=_("Deze organisatie heeft nog geen vestigingen."), counts_as_work=False,
    )


def signal_action(user, scope):
    if scope.organisation_id is None or not (scope.is_board or scope.branch_roles):
        return []
    return [(reverse("incidents:signal_new"), _("Signaal melden"))]


def register() -> None:
    for provider in (overdue_section, signals_section, public_reports_section, waiting_cases_section,
                     this_week_section, branches_section):
        TODAY_PROVIDERS.register(provider)
    TODAY_ACTIONS.register(signal_action)
    NAV_COUNTERS.register(untriaged_count)

