"""The counts behind the inspection report's registration and follow-up figures.

Pure reads: nothing here writes. Every count is computed for all branches of the
organisation at once (one grouped query per figure), so one suppression grid covers the
branch report, the board report, the HTML page and the CSV: they always show the same cells.

Definitions (the report's appendix prints these; a "year" is a SchoolYear, from
``starts_on`` 00:00 to the end of ``ends_on``, local time)
=====================================================================================
* **Signalen** – signals (meldingen/signalen) with ``reported_at`` in the year, by the
  branch they were made for, broken down by source (staff, thermometer, public report,
  talk request). The sources add up to the total.
* **Zaken** – cases with ``opened_at`` in the year, by branch.
* **Vorm van pesten** – per form, the number of those cases with that form. A case can
  have several forms, so the forms do **not** add up to the number of cases; cases with no
  form recorded are counted under "niet vastgelegd".
* **Hoogste stap** – per case its ``highest_step_number`` (six-step protocol: step 1–6;
  routes protocol: step 1–3 or route A–E). Adds up to the number of cases.
* **Afloop** – the state of each of those cases at the end of the year, from the last
  step change on or before the year's end, read as what the case's protocol definition
  says that step change meant (``TimelineEntry.outcome``, ``incidents.outcomes``): one
  row per way of closing the board's protocols allow (*pesten gestopt*, *plagen, geen
  pesten*, *vermoeden niet bevestigd*, *verwijdering afgerond*), and *nog open aan het
  eind van het jaar* (no closing step change by then, or reopened). No transition or
  step name is read here, so a new protocol version is counted by its meanings. Adds up
  to the number of cases.
* **Doorlooptijd** – the median number of days from ``opened_at`` to the closing step
  change, over the cases opened in the year that were closed at its end. Shown only when
  at least K cases were closed (a median of a few cases describes single cases).
* **Interventies** – timeline entries of kind ``intervention`` with ``occurred_at`` in the
  year, in any case of the branch, by ``attrs.kind``. A corrected entry counts once (its
  latest version). Adds up to the total.
* **Sancties** – entries of kind ``sanction`` by ``attrs.kind``, plus entries of kind
  ``suspension`` (a suspension decided at step 5) and ``removal`` (definitive removal), in
  the year. Adds up to the total.
* **Politie** – cases of the branch with at least one ``police_informed`` entry in the
  year; and cases opened in the year marked as a criminal offence.
* **Termijnen op tijd** – follow-ups (``FollowUp``) of the branch's cases with ``due_on``
  in the year, cancelled ones left out. *Op tijd*: done, with ``completed_at`` on or before
  ``due_on``; *te laat afgerond*: done after ``due_on``; *niet afgerond*: still open or
  overdue now. Share on time = op tijd / all. The three add up to the total.
* **Te laat aan het eind van het jaar** – follow-ups with ``due_on`` on or before the
  year's last day (earlier years included) that were not done by the end of the year:
  still open or overdue now, or done after the year ended. Cancelled ones are left out (a
  cancellation has no date).

Stored data is read defensively: a case's forms or an entry's attributes of an
unexpected JSON shape count as "other"/"not recorded", never as an error.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from incidents.models import (
    Case,
    FollowUp,
    IncidentCategory,
    SeriousIncident,
    Signal,
    TimelineEntry,
)
from incidents.outcomes import closing_outcomes, closings_at
from protocol import vocabulary as v

from .grid import Grid, grid_add, new_grid

NOT_RECORDED = "none"
OTHER = "other"

# Outcome keys: the closing ones are protocol.vocabulary.TransitionOutcome values; this one is not.
STILL_OPEN = "open"
STEP_ORDER = ("1", "2", "3", "4", "5", "6", "A", "B", "C", "D", "E")

# Follow-up keys
ON_TIME = "on_time"
LATE = "late"
NOT_DONE = "not_done"


def year_bounds(school_year) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a school year as aware datetimes in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(school_year.starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(school_year.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def count_signals(org, branch_ids: list[int], start, end) -> Grid:
    grid = new_grid([s.value for s in Signal.Source], branch_ids)
    rows = (
        Signal.objects.for_organisation(org).filter(branch_id__in=branch_ids, reported_at__gte=start, reported_at__lt=end)
        .values("branch_id", "source").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        grid_add(grid, row["branch_id"], row["source"], row["n"])
    return grid


@dataclass
class CaseFacts:
    """What the figures need of the cases opened in the year."""

    forms: Grid
    steps: Grid
    outcomes: Grid
    criminal: Grid
    days_to_close: dict[int, list[float]]


def _forms_of(value) -> set[str]:
    """A case's forms as stored (a JSON list of strings); anything else is read as strings."""
    if not isinstance(value, list | tuple):
        return set()
    return {item if isinstance(item, str) else OTHER for item in value}


def count_cases(org, branch_ids: list[int], start, end) -> CaseFacts:
    forms = new_grid([f.value for f in v.BullyingForm] + [NOT_RECORDED], branch_ids, additive=False)
    steps = new_grid([], branch_ids)
    criminal = new_grid(["criminal_offence"], branch_ids, additive=False)
    days: dict[int, list[float]] = defaultdict(list)
    cases = list(
        Case.objects.for_organisation(org).filter(branch_id__in=branch_ids, opened_at__gte=start, opened_at__lt=end)
        .values_list("id", "branch_id", "forms", "highest_step_number", "criminal_offence", "opened_at",
                     "protocol_key", "protocol_version")
    )
    # One row per way these cases' protocols can close a case, whatever its name there.
    ways = closing_outcomes(org, {(c[6], c[7]) for c in cases})
    outcomes = new_grid([*(o.value for o in ways), STILL_OPEN], branch_ids)
    closings = closings_at(org, [c[0] for c in cases], end)
    for case_id, b, case_forms, highest, offence, opened_at, _key, _version in cases:
        for form in (_forms_of(case_forms) or {NOT_RECORDED}):
            grid_add(forms, b, form if form in forms.categories else OTHER)
        grid_add(steps, b, str(highest) if highest else NOT_RECORDED)
        closing = closings.get(case_id)
        grid_add(outcomes, b, closing.outcome.value if closing else STILL_OPEN)
        if closing:
            days[b].append((closing.at - opened_at).total_seconds() / 86400)
        if offence:
            grid_add(criminal, b, "criminal_offence")
    steps.categories.sort(key=lambda s: (STEP_ORDER.index(s) if s in STEP_ORDER else len(STEP_ORDER), s))
    return CaseFacts(forms, steps, outcomes, criminal, dict(days))


def _entries_in_year(org, branch_ids, start, end):
    return TimelineEntry.objects.for_organisation(org).filter(
        case__branch_id__in=branch_ids, occurred_at__gte=start, occurred_at__lt=end, correction__isnull=True,
    )


def count_interventions(org, branch_ids: list[int], start, end) -> Grid:
    grid = new_grid([k.value for k in v.InterventionKind], branch_ids)
    rows = (
        _entries_in_year(org, branch_ids, start, end).filter(kind=v.RecordKind.INTERVENTION)
        .values("case__branch_id", "attrs__kind").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        kind = row["attrs__kind"]
        grid_add(grid, row["case__branch_id"], kind if isinstance(kind, str) and kind in grid.categories else OTHER, row["n"])
    return grid


def count_sanctions(org, branch_ids: list[int], start, end) -> Grid:
    cats = [k.value for k in v.SanctionKind]
    grid = new_grid([*cats, "record_suspension", "record_removal"], branch_ids)
    entries = _entries_in_year(org, branch_ids, start, end)
    for row in (
        entries.filter(kind=v.RecordKind.SANCTION).values("case__branch_id", "attrs__kind")
        .annotate(n=Count("id")).order_by()
    ):
        kind = row["attrs__kind"]
        grid_add(grid, row["case__branch_id"], kind if isinstance(kind, str) and kind in cats else OTHER, row["n"])
    for row in (
        entries.filter(kind__in=[v.RecordKind.SUSPENSION, v.RecordKind.REMOVAL]).values("case__branch_id", "kind")
        .annotate(n=Count("id")).order_by()
    ):
        grid_add(grid, row["case__branch_id"], f"record_{row['kind']}", row["n"])
    return grid


def count_police(org, branch_ids: list[int], start, end) -> Grid:
    grid = new_grid(["police_informed"], branch_ids, additive=False)
    for row in (
        _entries_in_year(org, branch_ids, start, end).filter(kind=v.RecordKind.POLICE_INFORMED)
        .values("case__branch_id").annotate(n=Count("case_id", distinct=True)).order_by()
    ):
        grid_add(grid, row["case__branch_id"], "police_informed", row["n"])
    return grid


def count_serious(org, branch_ids: list[int], start, end) -> Grid:
    """Serious incidents of the register (incidents.serious) per category, and how many
    were reported to the inspectorate; not additive (the reported count is a subset)."""
    grid = new_grid([*IncidentCategory.values, "reported"], branch_ids, additive=False)
    rows = (SeriousIncident.objects.for_organisation(org)
            .filter(branch_id__in=branch_ids, occurred_on__gte=start.date(), occurred_on__lt=end.date())
            .values("branch_id", "category").annotate(n=Count("id"), reported=Count("id", filter=Q(reported_on__isnull=False)))
            .order_by())
    for row in rows:
        grid_add(grid, row["branch_id"], row["category"], row["n"])
        grid_add(grid, row["branch_id"], "reported", row["reported"])
    return grid


def count_followups(org, branch_ids: list[int], school_year, end) -> tuple[Grid, Grid]:
    """(due in the year: on time / late / not done; overdue at the year's end)."""
    due = new_grid([ON_TIME, LATE, NOT_DONE], branch_ids)
    overdue = new_grid(["overdue_at_year_end"], branch_ids, additive=False)
    base = FollowUp.objects.for_organisation(org).filter(case__branch_id__in=branch_ids).exclude(
        status=FollowUp.Status.CANCELLED
    )
    for b, status, due_on, completed_at in base.filter(
        due_on__gte=school_year.starts_on, due_on__lte=school_year.ends_on
    ).values_list("case__branch_id", "status", "due_on", "completed_at").iterator(chunk_size=5000):
        if status == FollowUp.Status.DONE and completed_at is not None:
            grid_add(due, b, ON_TIME if timezone.localdate(completed_at) <= due_on else LATE)
        else:
            grid_add(due, b, NOT_DONE)
    for b, status, completed_at in base.filter(due_on__lte=school_year.ends_on).values_list(
        "case__branch_id", "status", "completed_at"
    ).iterator(chunk_size=5000):
        if status in (FollowUp.Status.OPEN, FollowUp.Status.OVERDUE) or (
            status == FollowUp.Status.DONE and (completed_at is None or completed_at >= end)
        ):
            grid_add(overdue, b, "overdue_at_year_end")
    return due, overdue
