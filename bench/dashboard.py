#!/usr/bin/env python
"""Server time of the branch dashboard (/veiligheid/vestigingen/<id>/) at 10k, 100k and 1M responses.

Creates a throw-away test database (SQLite in memory by default; PostgreSQL with row-level
security when DATABASE_URL points there). Each "board" is one organisation with 4 branches
of 25 classes, 25 students a class and 4 rounds: 10,000 responses. A size of N responses
is N / 10,000 boards; the first is the one measured, the others are other tenants in the
same tables. For every board the pre-aggregated counts are written (what
monitoring.submission keeps up to date), and, with --responses, the Response rows too
(bulk inserts), so that the table the dashboard must never scan is really there.

Then the branch's coordinator requests the dashboard of the newest round N times with
Django's test client; printed: p50/p95 of the server time and the query count.

    python bench/dashboard.py --sizes 10000 100000 --responses
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pestzaak_dash python bench/dashboard.py \
        --sizes 10000 100000 1000000 --responses

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

BOARD_RESPONSES = 10_000
BRANCHES, CLASSES, STUDENTS, ROUNDS = 4, 25, 25, 4
GENDERS = ("boy", "girl", "other", "")
GENDER_WEIGHTS = (48, 48, 2, 2)
POOL = 60  # distinct answer sets the simulated students pick from


def memory_gib() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        return f"{kib / 1_048_576:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        return "unknown"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


BUILT = {"count_rows": 0, "response_rows": 0}


def build_board(org, branches, year, item_keys, *, rnd, with_responses: bool) -> int:
    """4 rounds over the given branches' 25 classes each, with counts (and responses)."""
    from monitoring.models import RespondentCount, Response, ResultCount, RoundClass, SurveyRound
    from people.models import SchoolClass
    from people.tenancy import tenant_context

    pool = [{k: rnd.choices(range(6), weights=(30, 25, 20, 12, 8, 5))[0] for k in item_keys} for _ in range(POOL)]
    made = 0
    with tenant_context(org), transaction.atomic():
        classes = []
        for b in branches:
            classes += SchoolClass.objects.bulk_create(
                SchoolClass(organisation=org, branch=b, school_year=year, name=f"{1 + i // 5}{'ABCDE'[i % 5]}", grade=1)
                for i in range(CLASSES)
            )
        now = timezone.now()
        for r in range(ROUNDS):
            opens = now - dt.timedelta(days=(ROUNDS - r) * 180)
            survey = SurveyRound.objects.create(organisation=org, name=f"Thermometer {2023 + r // 2} {'voorjaar' if r % 2 else 'najaar'}",
                                                opens_at=opens, closes_at=opens + dt.timedelta(days=14))
            rcs = RoundClass.objects.bulk_create(
                RoundClass(organisation=org, round=survey, school_class=c, branch_id=c.branch_id, class_name=c.name,
                           invited=STUDENTS + 3)
                for c in classes
            )
            respondents, results, responses = [], [], []
            for rc in rcs:
                genders = Counter(rnd.choices(GENDERS, weights=GENDER_WEIGHTS, k=STUDENTS))
                for gender, n in genders.items():
                    picks = Counter(rnd.choices(range(POOL), k=n))
                    bullied = sum(c for i, c in picks.items() if pool[i]["unsafe_acts.bullying"] >= 3)
                    respondents.append(RespondentCount(organisation=org, round=survey, round_class=rc, gender=gender,
                                                       n=n, bullied=bullied))
                    for key in item_keys:
                        total = sum(pool[i][key] * c for i, c in picks.items())
                        high = sum(c for i, c in picks.items() if pool[i][key] >= 3)
                        results.append(ResultCount(organisation=org, round=survey, round_class=rc, gender=gender,
                                                   item_key=key, n=n, total=total, high=high))
                    if with_responses:
                        for i, c in picks.items():
                            responses += [Response(id=uuid.uuid4(), organisation=org, round=survey, round_class=rc,
                                                   branch_id=rc.branch_id, gender=gender, answers=pool[i])
                                          for _ in range(c)]
                    made += n
            BUILT["count_rows"] += len(respondents) + len(results)
            BUILT["response_rows"] += len(responses)
            RespondentCount.objects.bulk_create(respondents, batch_size=5000)
            ResultCount.objects.bulk_create(results, batch_size=5000)
            if responses:
                Response.objects.bulk_create(responses, batch_size=2000)
    return made


def other_board(index: int, item_keys, *, rnd, with_responses: bool) -> int:
    from people.models import Branch, SchoolYear
    from people.services import organisation_create
    from people.tenancy import tenant_context

    org = organisation_create(name=f"Stichting {index}", slug=f"bench-stichting-{index}")
    with tenant_context(org):
        branches = Branch.objects.bulk_create(
            Branch(organisation=org, name=f"Vestiging {index}-{b}", slug=f"v-{index}-{b}") for b in range(BRANCHES)
        )
        year = SchoolYear.objects.create(organisation=org, name="2026-2027", starts_on=dt.date(2026, 8, 1),
                                         ends_on=dt.date(2027, 7, 31))
    return build_board(org, branches, year, item_keys, rnd=rnd, with_responses=with_responses)


def measure(client: Client, url: str, requests: int) -> tuple[list[float], int]:
    for _ in range(3):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)  # now: the next request resets the query log
    assert response.status_code == 200, response.status_code
    assert "monitoring_response" not in " ".join(q["sql"] for q in captured.captured_queries)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--responses", action="store_true", help="insert the Response rows too")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from monitoring.instrument import load_instrument
        from people.models import Branch
        from people.tenancy import tenant_context
        from tests import factories as f
        from tests.conftest import make_board

        rnd = random.Random(42)
        item_keys = load_instrument().item_keys
        board = make_board("Bench Stichting")
        with tenant_context(board.organisation):
            branches = [board.branch, board.other_branch] + list(
                Branch.objects.bulk_create(
                    Branch(organisation=board.organisation, name=f"Vestiging extra {b}", slug=f"extra-{b}")
                    for b in range(BRANCHES - 2)
                )
            )
        year = f.SchoolYearFactory(organisation=board.organisation, name="2025-2026", starts_on=dt.date(2025, 8, 1),
                                   ends_on=dt.date(2026, 7, 31))
        stored = build_board(board.organisation, branches, year, item_keys, rnd=rnd, with_responses=args.responses)
        client = Client()
        client.force_login(board.coordinator)
        url = reverse("monitoring:dashboard_branch", args=[board.branch.pk])
        vendor = connection.vendor
        version = ".".join(map(str, connection.Database.sqlite_version_info)) if vendor == "sqlite" else (
            f"{connection.pg_version // 10000}.{connection.pg_version % 100}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs (nproc), {memory_gib()} memory, "
              f"Python {platform.python_version()}, Django {django.get_version()}")
        print(f"database: {vendor} {version}; Response rows inserted: {'yes' if args.responses else 'no'}")
        print(f"{'responses':>10} {'count rows':>11} {'response rows':>13} {'build s':>8} {'queries':>7} "
              f"{'p50 ms':>7} {'p95 ms':>7} ({args.requests} requests)")
        boards = 1
        for size in sorted(args.sizes):
            started = time.perf_counter()
            while stored < size:
                stored += other_board(boards, item_keys, rnd=rnd, with_responses=args.responses)
                boards += 1
            built = time.perf_counter() - started
            if vendor == "postgresql":
                from django.apps import apps

                from people.statistics import analyze_now

                # As the owner: as the app role ANALYZE skips every table with a warning.
                analyze_now(m._meta.db_table for m in apps.get_models())
            counts, response_rows = BUILT["count_rows"], BUILT["response_rows"]
            times, queries = measure(client, url, args.requests)
            print(f"{stored:>10,} {counts:>11,} {response_rows:>13,} {built:>8.1f} {queries:>7} "
                  f"{statistics.median(times):>7.1f} {percentile(times, 95):>7.1f}", flush=True)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
