#!/usr/bin/env python
"""Server time of the coordinator's case list ("Zaken", /zaken/) with many cases.

Creates a throw-away test database (SQLite in memory by default; PostgreSQL with row-level
security when DATABASE_URL points there), one board with 10,000 open cases (each with a
target, a bully and an incident: 20,000 participants, 10,000 timeline entries), then
requests the page N times with Django's test client as the branch's coordinator and
prints p50/p95 of the server time (middleware, queries, template), plus the query count.

    python bench/case_list.py                       # SQLite, 10,000 cases, 50 requests
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pestzaak_bench python bench/case_list.py
    python bench/case_list.py --cases 2000 --requests 20

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402


def memory_gib() -> str:
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        return f"{kib / 1_048_576:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        return "unknown"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def measure(client: Client, url: str, params: dict, requests: int) -> tuple[list[float], int, int]:
    for _ in range(3):  # warm-up: sessions, translations, template cache
        client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    queries = len(captured.captured_queries)  # now: the next request resets the query log
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times, queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from tests.conftest import make_board
        from tests.incidents.test_case_list_queries import build_cases

        board = make_board("Bench Stichting")
        started = time.perf_counter()
        build_cases(board, args.cases)
        built = time.perf_counter() - started

        client = Client()
        client.force_login(board.coordinator)
        url = reverse("incidents:case_list")
        vendor = connection.vendor
        version = ".".join(map(str, connection.Database.sqlite_version_info)) if vendor == "sqlite" else (
            f"{connection.pg_version // 10000}.{connection.pg_version % 100}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs (nproc), {memory_gib()} memory, "
              f"Python {platform.python_version()}, Django {django.get_version()}")
        print(f"database: {vendor} {version}; built {args.cases:,} cases "
              f"({2 * args.cases:,} participants, {args.cases:,} entries) in {built:.1f}s")
        print(f"{'page':<34} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  ({args.requests} requests)")
        for name, params in (
            ("/zaken/ (first page, 25 rows)", {}),
            ("/zaken/?step=monitoring", {"step": "monitoring"}),
            ("/zaken/?page=200", {"page": "200"}),
            ("/zaken/?q=B-0099", {"q": "B-0099"}),
        ):
            times, queries, _size = measure(client, url, params, args.requests)
            print(f"{name:<34} {queries:>7} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f} "
                  f"{max(times):>8.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
