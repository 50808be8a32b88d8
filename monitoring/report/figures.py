"""The registration and follow-up figures of the inspection report, computed from querysets.

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
  step change (``TimelineEntry`` kind ``step_change``) on or before the year's end:
  *pesten gestopt* (closed by any closing transition other than the two below),
  *afgesloten als plagen* (transition ``close_as_teasing``), *verwijdering afgerond*
  (transition ``complete_removal``), *nog open aan het eind van het jaar* (no step change
  to a closing step by then, or reopened). Adds up to the number of cases.
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

Suppression (the rule lives in ``shown`` and ``suppress_grid`` only)
=====================================================================
Any count from 1 to K-1 (K = ``DEFAULT_K``, 10) is shown as "< 10"; a zero is shown as 0.
Counts that add up (cells of a branch to the branch total; branches to the organisation
total) are suppressed together with monitoring's engine (``suppress_linked``, the same
engine as ``suppress_breakdown``), so no hidden count can be recovered by subtraction:
the group rule and the exactness rule hold over every row and column. A branch's total is
published when it is at least K, unless publishing it would give a hidden count away
(one branch with 1 talk request and another with 10 public reports: the organisation's
11 minus the 10 would be the 1); then the engine hides it too, never an error. Tables
that share their totals (steps and outcomes both total the new cases) are suppressed
together (``suppress_grids_together``), so a total hidden in one is hidden in both.
Shares and medians are shown only when the counts they rest on are.

Stored data is read defensively: a case's forms or an entry's attributes of an
unexpected JSON shape count as "other"/"not recorded", never as an error.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import (
    Case,
    FollowUp,
    IncidentCategory,
    SeriousIncident,
    Signal,
    TimelineEntry,
)
from incidents.serious import register_enabled
from monitoring.results import suppress_linked
from monitoring.suppression import DEFAULT_K, suppressed_label
from protocol import vocabulary as v

ORGANISATION = "org"
NOT_RECORDED = "none"
OTHER = "other"
STEP_CHANGE = "step_change"

# Outcome keys
STOPPED = "stopped"
TEASING = "teasing"
REMOVAL_DONE = "removal_completed"
STILL_OPEN = "open"
OUTCOMES = (STOPPED, TEASING, REMOVAL_DONE, STILL_OPEN)
CLOSED_STEPS = frozenset({"closed", "closed_teasing"})
STEP_ORDER = ("1", "2", "3", "4", "5", "6", "A", "B", "C", "D", "E")

# Follow-up keys
ON_TIME = "on_time"
LATE = "late"
NOT_DONE = "not_done"


def shown(value: int | None, k: int = DEFAULT_K) -> str:
    """The one place a count becomes text: a hidden count (None) reads "< 10"."""
    return suppressed_label(k) if value is None else str(value)


# --- the year ----------------------------------------------------------------------------


def year_bounds(school_year) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a school year as aware datetimes in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(school_year.starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(school_year.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


# --- published tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int | None  # None: hidden ("< K")
    display: str  # what the report prints: shown(value, k)


@dataclass
class Breakdown:
    """One table of the report for one branch (or the organisation): rows and a total."""

    key: str
    title: str
    rows: list[Row]
    total: int | None = None
    has_total: bool = True
    #: True when the rows add up to the total (else a note says why they need not).
    additive: bool = True
    note: str = ""
    total_display: str = ""
    k: int = DEFAULT_K

    @property
    def raw_empty(self) -> bool:
        return self.has_total and self.total == 0

    @property
    def withheld(self) -> bool:
        """Suppression hid every count that is not zero (the total too): the table says
        nothing, so the report prints a sentence why instead of a column of "< K"."""
        hidden = [row for row in self.rows if row.value is None]
        shown_counts = [row for row in self.rows if row.value]
        total_hidden = self.total is None if self.has_total else True
        return bool(hidden) and not shown_counts and total_hidden


@dataclass
class Grid:
    """A counted figure for every branch: cells[branch][category]; suppressed together."""

    categories: list[str]
    cells: dict[int, dict[str, int]]
    additive: bool = True
    # filled by suppress_grid
    hidden: set[str] = field(default_factory=set)

    def row_total(self, b: int) -> int:
        return sum(self.cells.get(b, {}).values())

    def column_total(self, c: str) -> int:
        return sum(row.get(c, 0) for row in self.cells.values())


def _cell(b, c) -> str:
    return f"{b}|{c}"


def suppress_grid(grid: Grid, *, k: int = DEFAULT_K, forced: Iterable[str] = ()) -> Grid:
    """Hide what must be hidden across branches × categories, with their margins.

    Entries: every cell, every branch total (for additive figures), every organisation
    column total and the grand total. Lines: a branch's cells sum to its total; a
    column's cells sum to the organisation's column; branch totals and columns sum to the
    grand total. Branch totals >= K and the grand total >= K are always published.
    """
    counts: dict[str, int] = {}
    lines: list[tuple[list[str], str]] = []
    branches = list(grid.cells)
    for b in branches:
        for c in grid.categories:
            counts[_cell(b, c)] = grid.cells[b].get(c, 0)
    for c in grid.categories:
        counts[_cell(ORGANISATION, c)] = grid.column_total(c)
        lines.append(([_cell(b, c) for b in branches], _cell(ORGANISATION, c)))
    pinned = []
    margins = [_cell(ORGANISATION, c) for c in grid.categories]
    if grid.additive:
        for b in branches:
            counts[_cell(b, "total")] = grid.row_total(b)
            lines.append(([_cell(b, c) for c in grid.categories], _cell(b, "total")))
            pinned.append(_cell(b, "total"))
        counts[_cell(ORGANISATION, "total")] = sum(grid.row_total(b) for b in branches)
        lines.append(([_cell(b, "total") for b in branches], _cell(ORGANISATION, "total")))
        lines.append(([_cell(ORGANISATION, c) for c in grid.categories], _cell(ORGANISATION, "total")))
        pinned.append(_cell(ORGANISATION, "total"))
    grid.hidden = suppress_linked(counts, lines, k=k, pinned=pinned, margins=margins, forced=forced)
    grid._counts = counts  # type: ignore[attr-defined]
    grid.k = k  # type: ignore[attr-defined]
    return grid


def _totals(grid: Grid) -> set[str]:
    return {e for e in grid.hidden if e.endswith("|total")}


def suppress_grids_together(*grids: Grid, k: int = DEFAULT_K) -> tuple[Grid, ...]:
    """Suppress grids whose branch totals are the same counts (steps and outcomes both
    total the new cases): a total one grid must hide is hidden in all of them, so one
    table never publishes what another protects. Terminates: the forced set only grows."""
    forced: set[str] = set()
    while True:
        for grid in grids:
            suppress_grid(grid, k=k, forced=forced)
        now = set().union(*(_totals(g) for g in grids))
        if now <= forced:
            return grids
        forced |= now


def published(grid: Grid, who: int | str, category: str) -> int | None:
    """The published value of an entry: the count, 0 for a zero, None when hidden."""
    value = grid._counts[_cell(who, category)]  # type: ignore[attr-defined]
    if value == 0:
        return 0
    return None if _cell(who, category) in grid.hidden else value


def breakdown_of(grid: Grid, who: int | str, *, key: str, title: str, labels: Mapping[str, str],
                 note: str = "", skip_empty: Iterable[str] = ()) -> Breakdown:
    skip = set(skip_empty)
    rows = [
        Row(c, labels.get(c, c), published(grid, who, c), shown(published(grid, who, c), grid.k))  # type: ignore[attr-defined]
        for c in grid.categories
        if not (c in skip and grid._counts[_cell(who, c)] == 0)  # type: ignore[attr-defined]
    ]
    total = published(grid, who, "total") if grid.additive else None
    return Breakdown(key=key, title=title, rows=rows, total=total, has_total=grid.additive,
                     additive=grid.additive, note=note, total_display=shown(total, grid.k),  # type: ignore[attr-defined]
                     k=grid.k)  # type: ignore[attr-defined]


# --- counting --------------------------------------------------------------------------


def _grid(categories: Sequence[str], branch_ids: Iterable[int], additive: bool = True) -> Grid:
    return Grid(categories=list(categories), cells={b: {} for b in branch_ids}, additive=additive)


def _add(grid: Grid, b: int, c: str, n: int = 1) -> None:
    if b not in grid.cells:
        return
    if c not in grid.categories:
        grid.categories.append(c)
    grid.cells[b][c] = grid.cells[b].get(c, 0) + n


def count_signals(org, branch_ids: list[int], start, end) -> Grid:
    grid = _grid([s.value for s in Signal.Source], branch_ids)
    rows = (
        Signal.objects.for_organisation(org).filter(branch_id__in=branch_ids, reported_at__gte=start, reported_at__lt=end)
        .values("branch_id", "source").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        _add(grid, row["branch_id"], row["source"], row["n"])
    return grid


@dataclass
class CaseFacts:
    """What the figures need of the cases opened in the year."""

    forms: Grid
    steps: Grid
    outcomes: Grid
    criminal: Grid
    days_to_close: dict[int, list[float]]


def _closing_states(org, case_ids: list[int], end) -> dict[int, tuple[str, dt.datetime]]:
    """Per case: (outcome, when) from its last step change before ``end``."""
    last: dict[int, tuple[dict, dt.datetime]] = {}
    entries = (
        TimelineEntry.objects.for_organisation(org)
        .filter(kind=STEP_CHANGE, occurred_at__lt=end, case_id__in=case_ids)
        .order_by("case_id", "occurred_at", "id").values_list("case_id", "attrs", "occurred_at")
    )
    for case_id, attrs, at in entries.iterator(chunk_size=5000):
        last[case_id] = (attrs if isinstance(attrs, dict) else {}, at)
    states = {}
    for case_id, (attrs, at) in last.items():
        to = attrs.get("to")
        transition = attrs.get("transition")
        if to not in CLOSED_STEPS:
            continue
        if transition == "close_as_teasing" or to == "closed_teasing":
            states[case_id] = (TEASING, at)
        elif transition == "complete_removal":
            states[case_id] = (REMOVAL_DONE, at)
        else:
            states[case_id] = (STOPPED, at)
    return states


def _forms_of(value) -> set[str]:
    """A case's forms as stored (a JSON list of strings); anything else is read as strings."""
    if not isinstance(value, list | tuple):
        return set()
    return {item if isinstance(item, str) else OTHER for item in value}


def count_cases(org, branch_ids: list[int], start, end) -> CaseFacts:
    forms = _grid([f.value for f in v.BullyingForm] + [NOT_RECORDED], branch_ids, additive=False)
    steps = _grid([], branch_ids)
    outcomes = _grid(OUTCOMES, branch_ids)
    criminal = _grid(["criminal_offence"], branch_ids, additive=False)
    days: dict[int, list[float]] = defaultdict(list)
    cases = list(
        Case.objects.for_organisation(org).filter(branch_id__in=branch_ids, opened_at__gte=start, opened_at__lt=end)
        .values_list("id", "branch_id", "forms", "highest_step_number", "criminal_offence", "opened_at")
    )
    case_ids = [c[0] for c in cases]
    states: dict[int, tuple[str, dt.datetime]] = {}
    for i in range(0, len(case_ids), 2000):  # keep IN lists short for SQLite
        states.update(_closing_states(org, case_ids[i:i + 2000], end))
    for case_id, b, case_forms, highest, offence, opened_at in cases:
        for form in (_forms_of(case_forms) or {NOT_RECORDED}):
            _add(forms, b, form if form in forms.categories else OTHER)
        _add(steps, b, str(highest) if highest else NOT_RECORDED)
        state = states.get(case_id)
        _add(outcomes, b, state[0] if state else STILL_OPEN)
        if state:
            days[b].append((state[1] - opened_at).total_seconds() / 86400)
        if offence:
            _add(criminal, b, "criminal_offence")
    steps.categories.sort(key=lambda s: (STEP_ORDER.index(s) if s in STEP_ORDER else len(STEP_ORDER), s))
    return CaseFacts(forms, steps, outcomes, criminal, dict(days))


def _entries_in_year(org, branch_ids, start, end):
    return TimelineEntry.objects.for_organisation(org).filter(
        case__branch_id__in=branch_ids, occurred_at__gte=start, occurred_at__lt=end, correction__isnull=True,
    )


def count_interventions(org, branch_ids: list[int], start, end) -> Grid:
    grid = _grid([k.value for k in v.InterventionKind], branch_ids)
    rows = (
        _entries_in_year(org, branch_ids, start, end).filter(kind=v.RecordKind.INTERVENTION)
        .values("case__branch_id", "attrs__kind").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        kind = row["attrs__kind"]
        _add(grid, row["case__branch_id"], kind if isinstance(kind, str) and kind in grid.categories else OTHER, row["n"])
    return grid


def count_sanctions(org, branch_ids: list[int], start, end) -> Grid:
    cats = [k.value for k in v.SanctionKind]
    grid = _grid([*cats, "record_suspension", "record_removal"], branch_ids)
    entries = _entries_in_year(org, branch_ids, start, end)
    for row in (
        entries.filter(kind=v.RecordKind.SANCTION).values("case__branch_id", "attrs__kind")
        .annotate(n=Count("id")).order_by()
    ):
        kind = row["attrs__kind"]
        _add(grid, row["case__branch_id"], kind if isinstance(kind, str) and kind in cats else OTHER, row["n"])
    for row in (
        entries.filter(kind__in=[v.RecordKind.SUSPENSION, v.RecordKind.REMOVAL]).values("case__branch_id", "kind")
        .annotate(n=Count("id")).order_by()
    ):
        _add(grid, row["case__branch_id"], f"record_{row['kind']}", row["n"])
    return grid


def count_police(org, branch_ids: list[int], start, end) -> Grid:
    grid = _grid(["police_informed"], branch_ids, additive=False)
    for row in (
        _entries_in_year(org, branch_ids, start, end).filter(kind=v.RecordKind.POLICE_INFORMED)
        .values("case__branch_id").annotate(n=Count("case_id", distinct=True)).order_by()
    ):
        _add(grid, row["case__branch_id"], "police_informed", row["n"])
    return grid


def count_serious(org, branch_ids: list[int], start, end) -> Grid:
    """Serious incidents of the register (incidents.serious) per category, and how many
    were reported to the inspectorate; not additive (the reported count is a subset)."""
    grid = _grid([*IncidentCategory.values, "reported"], branch_ids, additive=False)
    rows = (SeriousIncident.objects.for_organisation(org)
            .filter(branch_id__in=branch_ids, occurred_on__gte=start.date(), occurred_on__lt=end.date())
            .values("branch_id", "category").annotate(n=Count("id"), reported=Count("id", filter=Q(reported_on__isnull=False)))
            .order_by())
    for row in rows:
        _add(grid, row["branch_id"], row["category"], row["n"])
        _add(grid, row["branch_id"], "reported", row["reported"])
    return grid


def count_followups(org, branch_ids: list[int], school_year, end) -> tuple[Grid, Grid]:
    """(due in the year: on time / late / not done; overdue at the year's end)."""
    due = _grid([ON_TIME, LATE, NOT_DONE], branch_ids)
    overdue = _grid(["overdue_at_year_end"], branch_ids, additive=False)
    base = FollowUp.objects.for_organisation(org).filter(case__branch_id__in=branch_ids).exclude(
        status=FollowUp.Status.CANCELLED
    )
    for b, status, due_on, completed_at in base.filter(
        due_on__gte=school_year.starts_on, due_on__lte=school_year.ends_on
    ).values_list("case__branch_id", "status", "due_on", "completed_at").iterator(chunk_size=5000):
        if status == FollowUp.Status.DONE and completed_at is not None:
            _add(due, b, ON_TIME if timezone.localdate(completed_at) <= due_on else LATE)
        else:
            _add(due, b, NOT_DONE)
    for b, status, completed_at in base.filter(due_on__lte=school_year.ends_on).values_list(
        "case__branch_id", "status", "completed_at"
    ).iterator(chunk_size=5000):
        if status in (FollowUp.Status.OPEN, FollowUp.Status.OVERDUE) or (
            status == FollowUp.Status.DONE and (completed_at is None or completed_at >= end)
        ):
            _add(overdue, b, "overdue_at_year_end")
    return due, overdue


# --- everything, suppressed ---------------------------------------------------------------


def _labels() -> dict[str, dict[str, str]]:
    nl = v.LABELS_NL
    return {
        "signals": {
            Signal.Source.STAFF: _("Door een medewerker"),
            Signal.Source.THERMOMETER: _("Uit de thermometer"),
            Signal.Source.PUBLIC_REPORT: _("Melding van leerling of ouder"),
            Signal.Source.TALK_REQUEST: _("Verzoek om een gesprek"),
        },
        "forms": {**nl[v.BullyingForm], NOT_RECORDED: _("Niet vastgelegd"), OTHER: _("Overig")},
        "steps": {**{n: _("Stap %(n)s") % {"n": n} for n in "123456"}, **{r: _("Route %(r)s") % {"r": r} for r in "ABCDE"},
                  NOT_RECORDED: _("Onbekend")},
        "outcomes": {
            STOPPED: _("Afgesloten: pesten gestopt"),
            TEASING: _("Afgesloten: plagen, geen pesten"),
            REMOVAL_DONE: _("Afgesloten: verwijdering afgerond"),
            STILL_OPEN: _("Nog open aan het eind van het schooljaar"),
        },
        "interventions": {**nl[v.InterventionKind], OTHER: _("Overig")},
        "sanctions": {
            **nl[v.SanctionKind], OTHER: _("Overig"),
            v.SanctionKind.SUSPENSION.value: _("Schorsen van school (als sanctie vastgelegd)"),
            v.SanctionKind.REMOVAL.value: _("Verwijdering (als sanctie vastgelegd)"),
            "record_suspension": _("Schorsing (stap 5, besluit vastgelegd)"),
            "record_removal": _("Definitieve verwijdering (stap 6, besluit vastgelegd)"),
        },
        "police": {"police_informed": _("Zaken waarin de politie is ingelicht"),
                   "criminal_offence": _("Nieuwe zaken met een strafbaar feit")},
        "followups": {ON_TIME: _("Op tijd afgerond"), LATE: _("Te laat afgerond"), NOT_DONE: _("Niet afgerond")},
        "overdue": {"overdue_at_year_end": _("Te laat aan het eind van het schooljaar")},
        "serious": {**dict(IncidentCategory.choices), "reported": _("Waarvan gemeld bij de inspectie")},
    }


@dataclass
class RegistrationFigures:
    """The report's registration and follow-up figures of one branch or the organisation."""

    k: int
    signals: Breakdown
    cases_total: int | None
    forms: Breakdown
    steps: Breakdown
    outcomes: Breakdown
    median_days_to_close: float | None
    closed_count: int | None
    interventions: Breakdown
    sanctions: Breakdown
    police: Breakdown
    followups: Breakdown
    share_on_time: float | None
    overdue_at_year_end: int | None
    #: The serious-incident register (incidents.serious), when the board keeps one.
    serious: Breakdown | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.signals.total == 0 and self.cases_total == 0 and self.interventions.total == 0
            and self.sanctions.total == 0 and self.followups.total == 0 and self.overdue_at_year_end == 0
            and all(r.value == 0 for r in self.police.rows)
        )

    def label(self, value: int | None) -> str:
        return shown(value, self.k)

    @property
    def cases_display(self) -> str:
        return shown(self.cases_total, self.k)

    @property
    def closed_display(self) -> str:
        return shown(self.closed_count, self.k)

    @property
    def overdue_display(self) -> str:
        return shown(self.overdue_at_year_end, self.k)

    @property
    def median_display(self) -> str:
        """Days, one decimal, Dutch comma; "–" when fewer than K cases were closed."""
        if self.median_days_to_close is None:
            return "–"
        return f"{self.median_days_to_close:.1f}".replace(".", ",")

    @property
    def share_display(self) -> str:
        return "–" if self.share_on_time is None else f"{round(self.share_on_time * 100)}%"

    def tables(self) -> list[Breakdown]:
        return [self.signals, self.forms, self.steps, self.outcomes, self.interventions, self.sanctions,
                self.police, self.followups]


def _median(values: list[float]) -> float:
    return statistics.median(values)


def registration_figures(*, organisation_id, branch_ids: list[int], school_year,
                         k: int = DEFAULT_K) -> dict[int | str, RegistrationFigures]:
    """Figures for every branch in ``branch_ids`` and for the organisation (key ``"org"``).

    Pass *all* branches of the organisation, even for a branch report: the suppression
    grid spans them, so every report shows the same cells.
    """
    start, end = year_bounds(school_year)
    org = organisation_id
    signals = suppress_grid(count_signals(org, branch_ids, start, end), k=k)
    facts = count_cases(org, branch_ids, start, end)
    forms = suppress_grid(facts.forms, k=k)
    steps, outcomes = suppress_grids_together(facts.steps, facts.outcomes, k=k)
    interventions = suppress_grid(count_interventions(org, branch_ids, start, end), k=k)
    sanctions = suppress_grid(count_sanctions(org, branch_ids, start, end), k=k)
    police_grid = count_police(org, branch_ids, start, end)
    for b, row in facts.criminal.cells.items():
        police_grid.cells[b]["criminal_offence"] = row.get("criminal_offence", 0)
    police_grid.categories.append("criminal_offence")
    police = suppress_grid(police_grid, k=k)
    serious = suppress_grid(count_serious(org, branch_ids, start, end), k=k) if register_enabled(org) else None
    due_grid, overdue_grid = count_followups(org, branch_ids, school_year, end)
    due = suppress_grid(due_grid, k=k)
    overdue = suppress_grid(overdue_grid, k=k)
    labels = _labels()
    forms_note = _("Een zaak kan meerdere vormen van pesten hebben: de vormen tellen niet op tot het aantal zaken.")
    police_note = _("Twee aparte tellingen; ze tellen niet op.")

    out: dict[int | str, RegistrationFigures] = {}
    for who in [*branch_ids, ORGANISATION]:
        if who == ORGANISATION:
            closed_days = [d for values in facts.days_to_close.values() for d in values]
        else:
            closed_days = facts.days_to_close.get(who, [])
        # Closed = all - still open: published only when both are (else it would give away
        # a hidden "still open" by subtraction); the median only over >= K closed cases.
        total_cases = published(outcomes, who, "total")
        still_open = published(outcomes, who, STILL_OPEN)
        closed_published = (total_cases - still_open) if (total_cases is not None and still_open is not None) else None
        due_total = published(due, who, "total")
        on_time = published(due, who, ON_TIME)
        share = (on_time / due_total) if (due_total and on_time is not None) else None
        out[who] = RegistrationFigures(
            k=k,
            signals=breakdown_of(signals, who, key="signals", title=_("Signalen en meldingen naar bron"), labels=labels["signals"]),
            cases_total=published(outcomes, who, "total"),
            forms=breakdown_of(forms, who, key="forms", title=_("Nieuwe zaken naar vorm van pesten"), labels=labels["forms"],
                               note=forms_note, skip_empty=[OTHER]),
            steps=breakdown_of(steps, who, key="steps", title=_("Nieuwe zaken naar hoogste stap"), labels=labels["steps"]),
            outcomes=breakdown_of(outcomes, who, key="outcomes", title=_("Nieuwe zaken naar afloop"), labels=labels["outcomes"]),
            median_days_to_close=(
                _median(closed_days) if closed_published is not None and closed_published >= k else None
            ),
            closed_count=closed_published,
            interventions=breakdown_of(interventions, who, key="interventions", title=_("Interventies naar soort"),
                                       labels=labels["interventions"], skip_empty=[OTHER]),
            sanctions=breakdown_of(sanctions, who, key="sanctions", title=_("Sancties naar soort"),
                                   labels=labels["sanctions"], skip_empty=[OTHER]),
            police=breakdown_of(police, who, key="police", title=_("Politie en strafbare feiten"), labels=labels["police"],
                                note=police_note),
            followups=breakdown_of(due, who, key="followups", title=_("Termijnen met een uiterste datum in het schooljaar"),
                                   labels=labels["followups"]),
            share_on_time=share,
            overdue_at_year_end=published(overdue, who, "overdue_at_year_end"),
            serious=breakdown_of(serious, who, key="serious", title=_("Ernstige incidenten naar soort"),
                                 labels=labels["serious"], skip_empty=list(IncidentCategory.values)) if serious else None,
        )
    return out


def definitions(k: int = DEFAULT_K) -> list[tuple[str, str]]:
    """The definitions above in the report's words (its appendix)."""
    return [
        (_("Schooljaar"), _("Van de begindatum tot en met de einddatum van het schooljaar, in Nederlandse tijd.")),
        (_("Signalen en meldingen"), _("Signalen en meldingen die in het schooljaar voor de vestiging zijn vastgelegd, naar bron (medewerker, thermometer, melding van leerling of ouder, verzoek om een gesprek). De bronnen tellen op tot het totaal.")),
        (_("Nieuwe zaken"), _("Zaken die in het schooljaar zijn geopend.")),
        (_("Vorm van pesten"), _("Per vorm het aantal nieuwe zaken met die vorm. Een zaak kan meerdere vormen hebben; de vormen tellen dus niet op tot het aantal zaken. ‘Niet vastgelegd’: zaken zonder vorm.")),
        (_("Hoogste stap"), _("De hoogste stap die een nieuwe zaak bereikte (stap 1–6 van het stappenplan, of stap 1–3 en route A–E). Telt op tot het aantal nieuwe zaken.")),
        (_("Afloop"), _("De stand van elke nieuwe zaak aan het eind van het schooljaar, volgens de laatste stapwijziging tot dan: afgesloten omdat het pesten stopte, afgesloten als plagen, afgesloten na verwijdering, of nog open (ook als de zaak was heropend). Telt op tot het aantal nieuwe zaken.")),
        (_("Mediane doorlooptijd"), _("Het middelste aantal dagen van opening tot afsluiting, over de nieuwe zaken die aan het eind van het schooljaar waren afgesloten; alleen bij minstens %(k)s afgesloten zaken.") % {"k": k}),
        (_("Interventies"), _("Vastgelegde interventies in het schooljaar, in alle zaken van de vestiging, naar soort. Een gecorrigeerde regel telt één keer.")),
        (_("Sancties"), _("Vastgelegde sancties in het schooljaar naar soort, plus vastgelegde schorsingen (stap 5) en definitieve verwijderingen (stap 6).")),
        (_("Politie"), _("Zaken waarin in het schooljaar is vastgelegd dat de politie is ingelicht, en nieuwe zaken die als strafbaar feit zijn gemarkeerd.")),
        (_("Termijnen op tijd"), _("Termijnen van zaken van de vestiging met een uiterste datum in het schooljaar (vervallen termijnen niet meegeteld). Op tijd: afgerond op of vóór de uiterste datum. Aandeel op tijd = op tijd gedeeld door alle termijnen.")),
        (_("Te laat aan het eind van het schooljaar"), _("Termijnen met een uiterste datum tot en met de laatste dag van het schooljaar (ook uit eerdere jaren) die toen nog niet waren afgerond.")),
        (_("Monitoring"), _("Peilingen met de thermometer die in het schooljaar openden. Respons = ingevulde vragenlijsten gedeeld door uitgenodigde leerlingen (uitgegeven codes). Gemiddelde per onderdeel op de schaal 0 (nooit) tot 5 (altijd); onderdelen 1–3: hoger is veiliger, 4–7: lager is beter.")),
        (_("Kleine aantallen"), _("Elk aantal van 1 tot en met %(km1)s staat er als ‘< %(k)s’; een groep van de thermometer met minder dan %(k)s leerlingen wordt niet getoond. Waar een verborgen aantal uit een totaal terug te rekenen zou zijn, is ook een tweede aantal verborgen. Aandelen en medianen staan er alleen als de aantallen waarop ze rusten er ook staan.") % {"k": k, "km1": k - 1}),
    ]
