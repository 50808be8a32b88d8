#!/usr/bin/env python
"""Wall time and query count of the follow-up scan with a large history.

Creates a throw-away test database (PostgreSQL with row-level security when DATABASE_URL
points there; SQLite in memory otherwise), one board with 1,000 open cases, then:

* 1,000 due follow-ups: half due within the reminder window, half past their due date;
* 1,000,000 historical follow-ups (done or cancelled), written with set-based
  ``INSERT … SELECT generate_series`` batches as the organisation (row-level security's
  WITH CHECK applies; PostgreSQL refuses COPY FROM on a table with RLS).

It runs ``incidents.followups.followups_scan`` inside ``tenant_context`` before and after
the history is added, each run in a transaction that is rolled back afterwards so every
run finds the same work (1,000 notifications-to-be, 500 claims). The time is the scan's
own; delivery (on commit) is not part of it. "reads ms" is the time of the scan's reads of
the follow-up table (the part a history could slow down); the rest is notifications and
claims, one or two queries per due follow-up. Finally EXPLAIN shows the index the due
queries use.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pestzaak_bench python bench/followup_scan.py
    python bench/followup_scan.py --history 100000       # smaller, e.g. on SQLite

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

TODAY = dt.date(2026, 11, 18)  # a Wednesday outside the holidays


def memory_gib() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        return f"{kib / 1_048_576:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        return "unknown"


def build_due(board, cases, n: int) -> None:
    from incidents.models import FollowUp

    rows = []
    for i in range(n):
        case = cases[i % len(cases)]
        due = TODAY + dt.timedelta(days=1) if i % 2 == 0 else TODAY - dt.timedelta(days=2 + i % 10)
        rows.append(FollowUp(
            organisation=board.organisation, case=case, deadline_key="monitoring_four_weeks",
            label_nl="Vier weken controle van de afspraken", label_en="Four weeks", owner_role="mentor",
            owner=board.mentor, step="monitoring", visit_seq=1_000_000 + i, starts_on=due - dt.timedelta(days=28),
            due_on=due, status="open",
        ))
    with board.tenant():
        FollowUp.objects.bulk_create(rows, batch_size=1000)


def build_history(board, n: int, *, batch: int = 100_000) -> None:
    """``n`` done/cancelled follow-ups spread over the board's cases, in set-based batches."""
    from incidents.models import Case, FollowUp

    table = FollowUp._meta.db_table
    with board.tenant():
        first_case = Case.objects.filter(organisation=board.organisation).order_by("id").values_list("id", flat=True)[0]
        n_cases = Case.objects.filter(organisation=board.organisation).count()
    org = str(board.organisation.pk) if connection.vendor == "postgresql" else board.organisation.pk.hex
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        with board.tenant(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"""
                    INSERT INTO {table} (organisation_id, case_id, deadline_key, label_nl, label_en, owner_role,
                        owner_id, step, visit_seq, started_by_id, starts_on, due_on, explanation_nl, explanation_en,
                        status, completed_at, completed_by_id, completion_note, created_at)
                    SELECT %s::uuid, %s + (g %% %s), 'history', 'Oud', 'Old', 'mentor', %s, 'monitoring', g, NULL,
                        DATE '2019-09-01' + (g %% 2000), DATE '2019-10-01' + (g %% 2000), '', '',
                        CASE WHEN g %% 5 = 0 THEN 'cancelled' ELSE 'done' END, now(), NULL, '', now()
                    FROM generate_series(%s, %s) AS g
                    """,
                    [org, first_case, n_cases, board.mentor.pk, start, stop - 1],
                )
            else:
                cursor.execute(
                    f"""
                    WITH RECURSIVE s(g) AS (SELECT %s UNION ALL SELECT g + 1 FROM s WHERE g < %s)
                    INSERT INTO {table} (organisation_id, case_id, deadline_key, label_nl, label_en, owner_role,
                        owner_id, step, visit_seq, started_by_id, starts_on, due_on, explanation_nl, explanation_en,
                        status, completed_at, completed_by_id, completion_note, created_at)
                    SELECT %s, %s + (g %% %s), 'history', 'Oud', 'Old', 'mentor', %s, 'monitoring', g, NULL,
                        date('2019-09-01', '+' || (g %% 2000) || ' days'), date('2019-10-01', '+' || (g %% 2000) || ' days'),
                        '', '', CASE WHEN g %% 5 = 0 THEN 'cancelled' ELSE 'done' END, datetime('now'), NULL, '',
                        datetime('now')
                    FROM s
                    """,
                    [start, stop - 1, org, first_case, n_cases, board.mentor.pk],
                )
    if connection.vendor == "postgresql":
        from people.statistics import analyze_now

        analyze_now([table])  # as the owner: the app role's ANALYZE is skipped with a warning


def one_scan(board, *, repeat: bool = False) -> tuple[float, int, object]:
    """One scan in a transaction that is rolled back, so the next run finds the same work.

    ``repeat``: measure a second scan right after a first (the steady state of the beat:
    everything already claimed and notified, nothing new to send)."""
    from incidents.followups import followups_scan

    with transaction.atomic():
        with board.tenant():
            if repeat:
                followups_scan(board.organisation.pk, today=TODAY)
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = followups_scan(board.organisation.pk, today=TODAY)
                elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    reads = sum(float(q["time"]) for q in captured.captured_queries
                if q["sql"].startswith("SELECT") and 'FROM "incidents_followup"' in q["sql"])
    return elapsed * 1000, len(captured.captured_queries), (result, reads * 1000)


def report(label: str, board, runs: int, *, repeat: bool = False) -> None:
    one_scan(board, repeat=repeat)  # warm-up: calendar cache, translations
    times, reads, queries, result = [], [], 0, None
    for _ in range(runs):
        ms, queries, (result, read_ms) = one_scan(board, repeat=repeat)
        times.append(ms)
        reads.append(read_ms)
    print(f"{label:<44} {queries:>7} {statistics.median(times):>8.0f} {max(times):>8.0f} "
          f"{statistics.median(reads):>9.0f}   "
          f"reminders {result.reminders}, overdue {result.overdue}, escalations {result.escalations}")


def explain(board) -> None:
    from incidents.models import FollowUp

    if connection.vendor != "postgresql":
        return
    with board.tenant():
        qs = FollowUp.objects.for_organisation(board.organisation).filter(status="open", due_on__lt=TODAY)
        print("EXPLAIN of the overdue query:")
        for line in qs.explain().splitlines():
            print("   ", line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--cases", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from incidents.models import Case
        from tests.conftest import make_board
        from tests.incidents.test_case_list_queries import build_cases

        board = make_board("Bench Stichting")
        build_cases(board, args.cases)
        with board.tenant():
            cases = list(Case.objects.filter(organisation=board.organisation).order_by("id"))
        build_due(board, cases, args.due)
        vendor = connection.vendor
        version = ".".join(map(str, connection.Database.sqlite_version_info)) if vendor == "sqlite" else (
            f"{connection.pg_version // 10000}.{connection.pg_version % 100}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs (nproc), {memory_gib()} memory, "
              f"Python {platform.python_version()}, Django {django.get_version()}")
        print(f"database: {vendor} {version}; {args.cases:,} cases, {args.due:,} due follow-ups; today {TODAY}")
        print(f"{'scan':<44} {'queries':>7} {'p50 ms':>8} {'max ms':>8} {'reads ms':>9}   ({args.runs} runs, each rolled back)")
        report("no history: first scan", board, args.runs)
        report("no history: repeat scan (nothing new)", board, args.runs, repeat=True)
        started = time.perf_counter()
        build_history(board, args.history)
        built = time.perf_counter() - started
        report(f"{args.history:,} done/cancelled: first scan", board, args.runs)
        report(f"{args.history:,} done/cancelled: repeat scan", board, args.runs, repeat=True)
        print(f"(history written in {built:.1f}s at {timezone.now():%Y-%m-%d})")
        explain(board)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
