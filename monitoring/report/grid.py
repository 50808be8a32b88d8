"""The report's tables and their suppression: grids of counts per branch and category,
suppressed together, and the published rows of one branch (or the organisation).

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
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from monitoring.results import suppress_linked
from monitoring.suppression import DEFAULT_K, suppressed_label

ORGANISATION = "org"


def shown(value: int | None, k: int = DEFAULT_K) -> str:
    """The one place a count becomes text: a hidden count (None) reads "< 10"."""
    return suppressed_label(k) if value is None else str(value)


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
    # filled by suppress_grid: what is hidden, every entry's count, and K
    hidden: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    k: int = DEFAULT_K

    def row_total(self, b: int) -> int:
        return sum(self.cells.get(b, {}).values())

    def column_total(self, c: str) -> int:
        return sum(row.get(c, 0) for row in self.cells.values())


def cell_key(b, c) -> str:
    """The name of one entry of the grid: a branch (or the organisation) and a category."""
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
            counts[cell_key(b, c)] = grid.cells[b].get(c, 0)
    for c in grid.categories:
        counts[cell_key(ORGANISATION, c)] = grid.column_total(c)
        lines.append(([cell_key(b, c) for b in branches], cell_key(ORGANISATION, c)))
    pinned = []
    margins = [cell_key(ORGANISATION, c) for c in grid.categories]
    if grid.additive:
        for b in branches:
            counts[cell_key(b, "total")] = grid.row_total(b)
            lines.append(([cell_key(b, c) for c in grid.categories], cell_key(b, "total")))
            pinned.append(cell_key(b, "total"))
        counts[cell_key(ORGANISATION, "total")] = sum(grid.row_total(b) for b in branches)
        lines.append(([cell_key(b, "total") for b in branches], cell_key(ORGANISATION, "total")))
        lines.append(([cell_key(ORGANISATION, c) for c in grid.categories], cell_key(ORGANISATION, "total")))
        pinned.append(cell_key(ORGANISATION, "total"))
    grid.hidden = suppress_linked(counts, lines, k=k, pinned=pinned, margins=margins, forced=forced)
    grid.counts = counts
    grid.k = k
    return grid


def _hidden_totals(grid: Grid) -> set[str]:
    return {e for e in grid.hidden if e.endswith("|total")}


def suppress_grids_together(*grids: Grid, k: int = DEFAULT_K) -> tuple[Grid, ...]:
    """Suppress grids whose branch totals are the same counts (steps and outcomes both
    total the new cases): a total one grid must hide is hidden in all of them, so one
    table never publishes what another protects. Terminates: the forced set only grows."""
    forced: set[str] = set()
    while True:
        for grid in grids:
            suppress_grid(grid, k=k, forced=forced)
        now = set().union(*(_hidden_totals(g) for g in grids))
        if now <= forced:
            return grids
        forced |= now


def published(grid: Grid, who: int | str, category: str) -> int | None:
    """The published value of an entry: the count, 0 for a zero, None when hidden."""
    value = grid.counts[cell_key(who, category)]
    if value == 0:
        return 0
    return None if cell_key(who, category) in grid.hidden else value


def breakdown_of(grid: Grid, who: int | str, *, key: str, title: str, labels: Mapping[str, str],
                 note: str = "", skip_empty: Iterable[str] = ()) -> Breakdown:
    skip = set(skip_empty)
    rows = [
        Row(c, labels.get(c, c), published(grid, who, c), shown(published(grid, who, c), grid.k))
        for c in grid.categories
        if not (c in skip and grid.counts[cell_key(who, c)] == 0)
    ]
    total = published(grid, who, "total") if grid.additive else None
    return Breakdown(key=key, title=title, rows=rows, total=total, has_total=grid.additive,
                     additive=grid.additive, note=note, total_display=shown(total, grid.k),
                     k=grid.k)


def new_grid(categories: Sequence[str], branch_ids: Iterable[int], additive: bool = True) -> Grid:
    """An empty grid of ``categories`` for these branches."""
    return Grid(categories=list(categories), cells={b: {} for b in branch_ids}, additive=additive)


def grid_add(grid: Grid, b: int, c: str, n: int = 1) -> None:
    """Count ``n`` more in branch ``b``, category ``c`` (a new category is appended)."""
    if b not in grid.cells:
        return
    if c not in grid.categories:
        grid.categories.append(c)
    grid.cells[b][c] = grid.cells[b].get(c, 0) + n
