"""Small-group suppression, checked against an attacker who only subtracts.

The checks here are written independently of the engine in ``monitoring.suppression``:
one-way breakdowns by counting unknowns in the one equation, two-way tables with the
graph criterion (a hidden entry of a table with published margins is derivable exactly
when it is a bridge in the graph of hidden entries between row and column nodes).
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring.suppression import (
    DEFAULT_K,
    K_TOO_LOW,
    MIN_K,
    SUPPRESSED,
    Aggregate,
    SuppressedTable,
    ThresholdTooLow,
    is_publishable,
    publishable_result,
    publishable_results,
    suppress_breakdown,
    suppress_table,
    suppressed_label,
    validate_k,
)

# --- threshold -----------------------------------------------------------------------


def test_it_defaults_to_ten() -> None:
    assert DEFAULT_K == 10
    assert is_publishable(10) and not is_publishable(9)
    assert suppressed_label() == "< 10"


@pytest.mark.parametrize("k", [4, 0, -1, 1, True])
def test_it_rejects_a_threshold_below_five(k: int) -> None:
    with pytest.raises(ThresholdTooLow) as exc:
        validate_k(k)
    assert str(exc.value) == K_TOO_LOW.format(min_k=MIN_K, k=k)
    with pytest.raises(ThresholdTooLow):
        suppress_breakdown({"a": 20}, k=k)
    with pytest.raises(ThresholdTooLow):
        suppress_table({"r": {"c": 20}}, k=k)


def test_it_accepts_five_and_higher() -> None:
    assert is_publishable(5, k=5)
    assert not is_publishable(14, k=15)


def test_it_rejects_bad_counts() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        suppress_breakdown({"a": -1})
    with pytest.raises(ValueError, match="smaller than the sum"):
        suppress_breakdown({"a": 20, "b": 20}, total=30)


# --- one-way breakdowns: examples ------------------------------------------------------


def test_it_publishes_a_breakdown_without_small_groups() -> None:
    assert suppress_breakdown({"jongen": 12, "meisje": 14}) == {"jongen": 12, "meisje": 14}


def test_it_hides_a_second_cell_when_one_is_small() -> None:
    # 25 - 12 - 11 would give "anders" = 2 away.
    result = suppress_breakdown({"jongen": 12, "meisje": 11, "anders": 2})
    assert result == {"jongen": 12, "meisje": None, "anders": None}


def test_it_hides_more_until_the_hidden_group_reaches_k() -> None:
    # Hiding 3 and 4 would still publish "7 students are not boys".
    result = suppress_breakdown({"jongen": 15, "meisje": 3, "anders": 4})
    assert result == {"jongen": None, "meisje": None, "anders": None}


def test_it_treats_an_unanswered_remainder_as_hidden() -> None:
    # 25 students, 12 + 11 answered: the 2 who did not are derivable, so protect them.
    assert suppress_breakdown({"jongen": 12, "meisje": 11}, total=25) == {
        "jongen": 12,
        "meisje": None,
    }
    # A remainder of K or more is a publishable group; nothing to hide.
    assert suppress_breakdown({"jongen": 12, "meisje": 11}, total=33) == {
        "jongen": 12,
        "meisje": 11,
    }


def test_it_hides_everything_below_a_small_total() -> None:
    assert suppress_breakdown({"a": 4, "b": 3}) == {"a": None, "b": None}


def test_it_keeps_the_input_order() -> None:
    assert list(suppress_breakdown({"z": 30, "a": 40, "m": 1})) == ["z", "a", "m"]


# --- one-way breakdowns: property ------------------------------------------------------


def check_breakdown(
    counts: Mapping[str, int], total: int, result: Mapping[str, int | None], k: int
) -> None:
    assert set(result) == set(counts)
    published = {n: v for n, v in result.items() if v is not None}
    hidden = [n for n, v in result.items() if v is None]
    assert all(v == counts[n] for n, v in published.items())
    # No published cell below K.
    assert all(v >= k for v in published.values())
    if total < k:
        assert not published
        return
    remainder = total - sum(counts.values())
    unknowns = len(hidden) + (1 if remainder > 0 else 0)
    derived = total - sum(published.values())  # what subtraction gives away
    if hidden:
        # A single unknown in "cells + remainder = total" is recovered exactly.
        assert unknowns >= 2, (counts, total, result)
    if unknowns:
        # And what subtraction does give (the hidden cells together) is a group >= K.
        assert derived >= k, (counts, total, result)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=st.lists(st.integers(0, 40), min_size=1, max_size=8),
    remainder=st.one_of(st.just(0), st.integers(0, 15)),
    k=st.integers(MIN_K, 15),
    explicit_total=st.booleans(),
)
def test_no_hidden_cell_can_be_recovered_in_a_breakdown(
    counts: list[int], remainder: int, k: int, explicit_total: bool
) -> None:
    cells = {f"g{i}": v for i, v in enumerate(counts)}
    total = sum(counts) + remainder if explicit_total else sum(counts)
    result = suppress_breakdown(cells, total if explicit_total else None, k)
    check_breakdown(cells, total, result, k)


@settings(max_examples=200, deadline=None)
@given(counts=st.lists(st.integers(0, 60), min_size=1, max_size=8), k=st.integers(MIN_K, 15))
def test_it_hides_nothing_when_every_cell_is_large(counts: list[int], k: int) -> None:
    cells = {f"g{i}": v + k for i, v in enumerate(counts)}
    assert suppress_breakdown(cells, None, k) == cells


# --- two-way tables --------------------------------------------------------------------


def _entries(table: SuppressedTable) -> dict[tuple[int, int], int | None]:
    """The table with margins as one (R+1) x (C+1) grid; the last row/column are totals."""
    rows, cols = table.rows, table.columns
    grid: dict[tuple[int, int], int | None] = {}
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            grid[(i, j)] = table.cells[(r, c)]
        grid[(i, len(cols))] = table.row_totals[r]
    for j, c in enumerate(cols):
        grid[(len(rows), j)] = table.column_totals[c]
    grid[(len(rows), len(cols))] = table.grand_total
    return grid


def _is_bridge(edges: set[tuple[int, int]], edge: tuple[int, int]) -> bool:
    """True if row node edge[0] and column node edge[1] fall apart without the edge."""
    rest = edges - {edge}
    start, goal = ("r", edge[0]), ("c", edge[1])
    seen, todo = {start}, [start]
    while todo:
        kind, n = todo.pop()
        for i, j in rest:
            if kind == "r" and i == n:
                nxt = ("c", j)
            elif kind == "c" and j == n:
                nxt = ("r", i)
            else:
                continue
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return goal not in seen


def check_table(counts: Mapping[str, Mapping[str, int]], table: SuppressedTable, k: int) -> None:
    true = {
        (i, j): counts[r].get(c, 0)
        for i, r in enumerate(table.rows)
        for j, c in enumerate(table.columns)
    }
    n_rows, n_cols = len(table.rows), len(table.columns)
    for i in range(n_rows):
        true[(i, n_cols)] = sum(true[(i, j)] for j in range(n_cols))
    for j in range(n_cols + 1):
        true[(n_rows, j)] = sum(true[(i, j)] for i in range(n_rows))
    shown = _entries(table)
    for pos, value in shown.items():
        if value is not None:
            assert value == true[pos]
            assert value >= k, f"published {value} < {k} at {pos}"
    hidden = {pos for pos, value in shown.items() if value is None}
    for pos in hidden:
        assert not _is_bridge(hidden, pos), f"hidden entry {pos} is derivable: {shown}"
    # Every line with a published total: the hidden part, derivable, is a group >= K.
    lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    for line in lines:
        *members, total = line
        if shown[total] is None:
            continue
        hidden_sum = sum(true[m] for m in members if shown[m] is None)
        if any(shown[m] is None for m in members):
            assert hidden_sum >= k


def test_it_closes_a_rectangle_around_one_small_cell() -> None:
    counts = {
        "havo": {"jongen": 30, "meisje": 25, "anders": 12},
        "vwo": {"jongen": 20, "meisje": 22, "anders": 3},
        "vmbo": {"jongen": 40, "meisje": 35, "anders": 14},
    }
    table = suppress_table(counts)
    assert table.hidden_cells == {
        ("havo", "jongen"),
        ("havo", "anders"),
        ("vwo", "jongen"),
        ("vwo", "anders"),
    }
    assert table.grand_total == 201 and table.row_totals["vwo"] == 45
    check_table(counts, table, DEFAULT_K)


def test_it_hides_a_small_margin_and_protects_it() -> None:
    counts = {
        "havo": {"jongen": 30, "meisje": 25, "anders": 2},
        "vwo": {"jongen": 20, "meisje": 22, "anders": 1},
    }
    table = suppress_table(counts)
    assert table.column_totals["anders"] is None
    check_table(counts, table, DEFAULT_K)


def test_it_publishes_a_table_without_small_cells() -> None:
    counts = {"havo": {"jongen": 30, "meisje": 25}, "vwo": {"jongen": 20, "meisje": 22}}
    table = suppress_table(counts)
    assert not table.hidden_cells and table.grand_total == 97


def test_it_rejects_cells_outside_the_listed_columns() -> None:
    with pytest.raises(ValueError, match="not listed"):
        suppress_table({"havo": {"jongen": 30, "x": 1}}, columns=["jongen"])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    n_rows=st.integers(1, 5),
    n_cols=st.integers(1, 5),
    k=st.integers(MIN_K, 12),
)
def test_no_hidden_cell_can_be_recovered_in_a_table(
    data: st.DataObject, n_rows: int, n_cols: int, k: int
) -> None:
    # Mostly large cells with some small ones: the realistic and the hard case.
    cell = st.one_of(st.integers(0, 12), st.integers(10, 60))
    counts = {f"r{i}": {f"c{j}": data.draw(cell) for j in range(n_cols)} for i in range(n_rows)}
    table = suppress_table(counts, k)
    check_table(counts, table, k)


# --- means and shares -----------------------------------------------------------------


def test_it_returns_means_and_shares_for_large_groups() -> None:
    result = publishable_result(Aggregate(n=20, total=50, high=5))
    assert result.mean == 2.5 and result.share_high == 0.25 and result.n == 20
    assert not result.suppressed


def test_it_hides_means_of_small_groups() -> None:
    assert publishable_result(Aggregate(n=9, total=40, high=9)) is SUPPRESSED
    assert SUPPRESSED.suppressed and SUPPRESSED.mean is None


def test_it_hides_a_mean_that_subtraction_would_give_away() -> None:
    # With the class mean shown, a lone hidden "anders" mean could be recovered.
    groups = {
        "jongen": Aggregate(12, 30, 4),
        "meisje": Aggregate(11, 20, 2),
        "anders": Aggregate(2, 9, 2),
    }
    result = publishable_results(groups)
    assert result["jongen"].mean == 2.5
    assert result["meisje"].suppressed and result["anders"].suppressed


def test_it_protects_respondents_without_a_group() -> None:
    groups = {"jongen": Aggregate(12, 30, 4), "meisje": Aggregate(11, 20, 2)}
    result = publishable_results(groups, overall=Aggregate(25, 55, 7))
    assert not result["jongen"].suppressed and result["meisje"].suppressed


def test_it_refuses_impossible_aggregates() -> None:
    with pytest.raises(ValueError, match="cannot exceed"):
        Aggregate(n=3, total=9, high=4)
