"""Small-group suppression: no chart, table or export may reveal a group of fewer than K.

The thermometer is anonymous, but a breakdown can still point at a person: "the two
girls in 2B answer 5 on *Ik word gepest*" identifies them to everyone in the class. So
every published count, mean or share must rest on at least K respondents.

Method
======
1. **Threshold.** ``K`` defaults to 10 and may be raised, never set below ``MIN_K`` (5):
   below that the guarantee becomes meaningless, so we refuse with ``ThresholdTooLow``.
2. **Primary suppression.** Every cell (and, in a two-way table, every margin) with
   ``n < K`` is hidden. Zero counts are hidden too: "no girls answered" is still a
   statement about a group smaller than K, and hiding it keeps the rule simple to audit.
3. **Complementary (secondary) suppression.** Hidden cells can be recovered by
   subtraction when margins are published. We model the published table as linear
   equations, one per *line* (a breakdown and its total; in a two-way table every row and
   every column, including the row of column totals and the column of row totals), and
   repeat until nothing changes:

   a. *Group rule* - in a line whose total is published, the hidden cells together are
      always derivable (total minus what is shown). That combined group must itself be
      publishable: if the hidden cells sum to less than K, hide the smallest shown cell
      of that line as well.
   b. *Exactness rule* - no hidden cell may be pinned down by any combination of the
      published equations. We check this exactly: with the hidden cells as unknowns, a
      cell is derivable iff every solution of the homogeneous system has 0 in that place
      (it is a pivot whose reduced row has no free variable). For each derivable cell we
      hide the smallest shown entry in the line through it that has the fewest hidden
      entries (inner cells before margins on a tie), so the cell gains an unknown partner.

   Each round hides at least one more entry and "everything hidden" satisfies both rules,
   so the loop always ends - and it never gives up with an error (issue 11, item 7):
   when no unpinned entry is left to hide, a *pinned* entry (a total the caller wanted to
   publish) is hidden after all, and the caller sees it in the hidden set. In the worst
   case the whole table is hidden, which is always safe: with consistent counts no
   hidden entry follows from nothing. ``forced`` entries start out hidden (a total that
   another table of the same page already had to hide). It is greedy, not minimal (that needs the integer programming
   of tools like tau-ARGUS), but tables here are tiny and over-suppressing a little is the
   safe side of the trade-off.
4. **Unpublished remainder.** When a one-way breakdown's total is larger than the sum of
   its cells (e.g. students who skipped the gender question), the remainder is an
   always-hidden cell: it is derivable too, so it takes part in both rules.

Not covered, on purpose: bounds from non-negativity (an attacker may learn that a hidden
cell lies in ``[0, s]``, where the group rule makes ``s >= K``), and comparisons across
different questions or rounds. Callers must publish *exactly* the non-``None`` values
returned here, and if a breakdown's total appears anywhere on the page, pass it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

DEFAULT_K = 10
MIN_K = 5
# Answers 3-5 on the 0-5 scale: "often" in the upper half of the scale.
HIGH_ANSWER_MIN = 3

K_TOO_LOW = "The small-group threshold k must be at least {min_k} respondents; got {k}."
NEGATIVE_COUNT = "Counts must be non-negative whole numbers; got {value!r} for {name!r}."
TOTAL_TOO_SMALL = "The total ({total}) is smaller than the sum of the cells ({cells})."


class ThresholdTooLow(ValueError):
    """Raised for a threshold below MIN_K: such a threshold would not protect anyone."""


def validate_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ThresholdTooLow(K_TOO_LOW.format(min_k=MIN_K, k=k))
    return k


def is_publishable(n: int, k: int = DEFAULT_K) -> bool:
    """True when a group of ``n`` respondents may be shown on its own."""
    return n >= validate_k(k)


def suppressed_label(k: int = DEFAULT_K) -> str:
    """The text shown instead of a hidden value: "< 10"."""
    return f"< {validate_k(k)}"


def _check_count(name: object, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(NEGATIVE_COUNT.format(name=name, value=value))
    return value


# --- the engine ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    members: tuple[int, ...]
    total: int  # index of the entry the members sum to


class _Grid:
    """Entries (cells, margins, remainders) with line equations and a hidden set."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.values: list[int] = []
        self.margin: list[bool] = []  # margins are hidden only when nothing else will do
        self.pinned: set[int] = set()  # published by the caller no matter what
        self.phantom: set[int] = set()  # never published; needs no protection itself
        self.forced: set[int] = set()  # hidden from the start, whatever their size
        self.lines: list[_Line] = []
        self.hidden: set[int] = set()

    def add(self, value: int, *, margin: bool = False) -> int:
        self.values.append(value)
        self.margin.append(margin)
        return len(self.values) - 1

    def run(self) -> set[int]:
        self.pinned -= self.forced
        self.hidden = {
            i for i, v in enumerate(self.values) if v < self.k and i not in self.pinned
        } | self.phantom | self.forced
        while True:
            # Not `a or b`: entry 0 is a valid (falsy) index.
            entry = self._group_rule_fix()
            if entry is None:
                entry = self._exactness_fix()
            if entry is None:
                return self.hidden
            # A pinned entry comes back only when nothing else would do: unpin it.
            self.pinned.discard(entry)
            self.hidden.add(entry)

    def _shown(self, entries: Iterable[int]) -> list[int]:
        return [e for e in entries if e not in self.hidden and e not in self.pinned]

    def _lines_through(self, entry: int) -> list[_Line]:
        return [ln for ln in self.lines if entry in ln.members or entry == ln.total]

    def _best(self, candidates: Iterable[int]) -> int | None:
        """The cheapest entry to hide next.

        First, prefer entries whose other lines already hold a hidden entry: hiding them
        closes a cycle instead of opening a line that will need a partner of its own.
        Then the smallest value (loses the least), inner cells before margins (the totals
        readers look for first stay visible), then table order for determinism.
        """
        pool = set(candidates)
        if not pool:
            return None

        def opened(e: int) -> int:
            return sum(
                1
                for ln in self._lines_through(e)
                if not any(x in self.hidden for x in (*ln.members, ln.total))
            )

        return min(pool, key=lambda e: (opened(e), self.values[e], self.margin[e], e))

    def _group_rule_fix(self) -> int | None:
        for line in self.lines:
            if line.total in self.hidden:
                continue
            hidden = [m for m in line.members if m in self.hidden]
            if hidden and sum(self.values[m] for m in hidden) < self.k:
                choice = self._best(self._shown(line.members))
                if choice is None:
                    # Every member is hidden or pinned: the line's total goes (the hidden
                    # part is then no longer "total minus what is shown"), pinned or not;
                    # failing that, a pinned member.
                    choice = self._best([line.total])
                if choice is None:
                    choice = self._best(m for m in line.members if m not in self.hidden)
                if choice is not None:
                    return choice
        return None

    def _exactness_fix(self) -> int | None:
        exposed = self._derivable() - self.phantom
        if not exposed:
            return None
        # Partners for an exposed entry come from the lines through it; members first,
        # a line's total only when all its members are hidden already.
        members: set[int] = set()
        totals: set[int] = set()
        for entry in exposed:
            for line in self._lines_through(entry):
                members.update(self._shown(line.members))
                totals.update(self._shown([line.total]))
        choice = self._best(members)
        if choice is None:
            choice = self._best(totals)
        if choice is None:
            # Nothing left near the exposed entries: widen to the whole table.
            choice = self._best(self._shown(range(len(self.values))))
        if choice is None:
            # Only pinned entries are left. Publishing them would give a hidden entry
            # away, so the caller's pin gives way: the pinned entry nearest the exposed
            # entries first, then any (in the end the whole table is hidden, which is
            # always safe). Never an exception: a report must not crash on its data.
            near = {
                e
                for entry in exposed
                for line in self._lines_through(entry)
                for e in (*line.members, line.total)
                if e in self.pinned and e not in self.hidden
            }
            choice = self._best(near)
            if choice is None:
                choice = self._best(e for e in self.pinned if e not in self.hidden)
        return choice

    def _derivable(self) -> set[int]:
        """Hidden entries whose value follows exactly from the published equations."""
        unknowns = sorted(self.hidden)
        column = {e: c for c, e in enumerate(unknowns)}
        rows: list[list[Fraction]] = []
        for line in self.lines:
            row = [Fraction(0)] * len(unknowns)
            for m in line.members:
                if m in column:
                    row[column[m]] += 1
            if line.total in column:
                row[column[line.total]] -= 1
            if any(row):
                rows.append(row)
        pivots = _reduce(rows, len(unknowns))
        free = [c for c in range(len(unknowns)) if c not in pivots]
        return {unknowns[c] for c, r in pivots.items() if all(rows[r][f] == 0 for f in free)}


def _reduce(rows: list[list[Fraction]], width: int) -> dict[int, int]:
    """Bring ``rows`` to reduced row echelon form in place; return {pivot column: row}."""
    pivots: dict[int, int] = {}
    r = 0
    for c in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots[c] = r
        r += 1
        if r == len(rows):
            break
    return pivots


# --- one-way breakdowns --------------------------------------------------------------


def suppress_breakdown(
    counts: Mapping[str, int], total: int | None = None, k: int = DEFAULT_K
) -> dict[str, int | None]:
    """Suppress a breakdown of one total, e.g. respondents by gender within a class.

    ``total`` is the published total of the breakdown. ``None`` means "the sum of the
    cells", which we still treat as published: the n of a class is nearly always shown
    next to its breakdown. A total above the sum of the cells leaves a remainder (those
    who did not answer the breakdown question) that is never shown but is derivable.

    Returns the counts in the same order with hidden cells as ``None``. The total itself
    may be shown only if ``is_publishable(total, k)``.
    """
    validate_k(k)
    cells = {name: _check_count(name, value) for name, value in counts.items()}
    cell_sum = sum(cells.values())
    if total is None:
        total = cell_sum
    _check_count("total", total)
    if total < cell_sum:
        raise ValueError(TOTAL_TOO_SMALL.format(total=total, cells=cell_sum))

    grid = _Grid(k)
    index = {name: grid.add(value) for name, value in cells.items()}
    members = list(index.values())
    if total > cell_sum:
        remainder = grid.add(total - cell_sum)
        grid.phantom.add(remainder)
        members.append(remainder)
    total_entry = grid.add(total, margin=True)
    if total >= k:
        # The caller publishes a publishable total whatever we do with the cells.
        grid.pinned.add(total_entry)
    grid.lines.append(_Line(tuple(members), total_entry))
    hidden = grid.run()
    return {name: (None if i in hidden else cells[name]) for name, i in index.items()}


# --- two-way tables ------------------------------------------------------------------


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table after suppression; ``None`` marks a hidden entry."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], int | None]
    row_totals: Mapping[str, int | None]
    column_totals: Mapping[str, int | None]
    grand_total: int | None

    def cell(self, row: str, column: str) -> int | None:
        return self.cells[(row, column)]

    @property
    def hidden_cells(self) -> set[tuple[str, str]]:
        return {key for key, value in self.cells.items() if value is None}


def suppress_table(
    counts: Mapping[str, Mapping[str, int]],
    k: int = DEFAULT_K,
    *,
    columns: Sequence[str] | None = None,
) -> SuppressedTable:
    """Suppress a two-way table with row, column and grand totals (e.g. department × gender).

    ``counts[row][column]``; a missing cell counts as 0. Margins are the sums of the
    cells: record unknowns as their own column ("onbekend") so that the margins are
    honest. Margins below K are hidden, and margins can be hidden as complements too
    (only when no inner cell would do).
    """
    validate_k(k)
    row_names = tuple(counts)
    if columns is None:
        seen: dict[str, None] = {}
        for row in counts.values():
            seen.update(dict.fromkeys(row))
        columns = tuple(seen)
    column_names = tuple(columns)
    stray = {c for row in counts.values() for c in row} - set(column_names)
    if stray:
        raise ValueError(f"Cells in columns not listed: {sorted(stray)}")
    values = {
        (r, c): _check_count(f"{r}/{c}", counts[r].get(c, 0))
        for r in row_names
        for c in column_names
    }

    grid = _Grid(k)
    cell_index = {key: grid.add(v) for key, v in values.items()}
    row_index = {
        r: grid.add(sum(values[(r, c)] for c in column_names), margin=True) for r in row_names
    }
    col_index = {
        c: grid.add(sum(values[(r, c)] for r in row_names), margin=True) for c in column_names
    }
    grand = grid.add(sum(values.values()), margin=True)
    for r in row_names:
        grid.lines.append(_Line(tuple(cell_index[(r, c)] for c in column_names), row_index[r]))
    for c in column_names:
        grid.lines.append(_Line(tuple(cell_index[(r, c)] for r in row_names), col_index[c]))
    grid.lines.append(_Line(tuple(row_index.values()), grand))
    grid.lines.append(_Line(tuple(col_index.values()), grand))
    hidden = grid.run()

    def shown(i: int) -> int | None:
        return None if i in hidden else grid.values[i]

    return SuppressedTable(
        rows=row_names,
        columns=column_names,
        cells={key: shown(i) for key, i in cell_index.items()},
        row_totals={r: shown(i) for r, i in row_index.items()},
        column_totals={c: shown(i) for c, i in col_index.items()},
        grand_total=shown(grand),
    )


# --- means and shares ----------------------------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    """What the database can sum per group for one item: never individual answers."""

    n: int  # respondents who answered the item
    total: float  # sum of their answers
    high: int  # answers >= HIGH_ANSWER_MIN

    def __post_init__(self) -> None:
        _check_count("n", self.n)
        _check_count("high", self.high)
        if self.high > self.n:
            raise ValueError(f"high ({self.high}) cannot exceed n ({self.n})")


@dataclass(frozen=True)
class GroupResult:
    """A group's published figures; all ``None`` when the group is suppressed."""

    n: int | None
    mean: float | None
    share_high: float | None

    @property
    def suppressed(self) -> bool:
        return self.n is None


SUPPRESSED = GroupResult(None, None, None)


def publishable_result(aggregate: Aggregate, k: int = DEFAULT_K) -> GroupResult:
    """Mean and share of answers >= 3 for one group, or SUPPRESSED below K."""
    if not is_publishable(aggregate.n, k):
        return SUPPRESSED
    return GroupResult(
        n=aggregate.n,
        mean=aggregate.total / aggregate.n,
        share_high=aggregate.high / aggregate.n,
    )


def publishable_results(
    groups: Mapping[str, Aggregate],
    *,
    overall: Aggregate | None = None,
    k: int = DEFAULT_K,
) -> dict[str, GroupResult]:
    """Means and shares per group, with primary *and* complementary suppression.

    A published overall mean plus the published group means give away the sum (and so
    the mean) of whatever is left out, so the groups' n go through
    ``suppress_breakdown`` with the overall n as total. ``overall`` defaults to the sum
    of the groups, assumed shown (pass it when some respondents have no group).
    """
    counts = {name: agg.n for name, agg in groups.items()}
    total = overall.n if overall is not None else None
    kept = suppress_breakdown(counts, total, k)
    return {
        name: (SUPPRESSED if kept[name] is None else publishable_result(agg, k))
        for name, agg in groups.items()
    }


def suppress_linked(
    counts: Mapping[str, int],
    lines: Iterable[tuple[Iterable[str], str]],
    *,
    k: int,
    pinned: Iterable[str] = (),
    margins: Iterable[str] = (),
    forced: Iterable[str] = (),
) -> set[str]:
    """Which entries to hide, for counts tied together by ``lines`` (members -> total).

    Uses the engine of monitoring.suppression (primary suppression, the group rule and
    the exactness rule over all equations at once). ``pinned`` entries are published
    unless nothing else protects a hidden entry (then they are in the answer too: callers
    publish exactly what is not returned); ``margins`` are hidden as a complement only
    when no inner cell will do; ``forced`` entries are hidden from the start. Entries
    with a count of 0 are hidden but left out of the equations (see the module docstring).
    Never raises on consistent counts: in the worst case everything is hidden.
    """
    validate_k(k)
    grid = _Grid(k)
    margins = set(margins)
    index: dict[str, int] = {}
    for name, value in counts.items():
        if value > 0:
            index[name] = grid.add(value, margin=name in margins)
    for name in pinned:
        if name in index and counts[name] >= k:
            grid.pinned.add(index[name])
    for name in forced:
        if name in index:
            grid.forced.add(index[name])
    for members, total in lines:
        if total not in index:
            continue
        inner = tuple(index[m] for m in members if m in index)
        if inner:
            grid.lines.append(_Line(inner, index[total]))
    hidden_entries = grid.run()
    hidden = {name for name, i in index.items() if i in hidden_entries}
    return hidden | {name for name, value in counts.items() if value <= 0}
