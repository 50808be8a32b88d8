#!/usr/bin/env python
"""Importing 5,000 students from a SOMtoday/Magister-style export: read, dry run, apply.

Creates a throw-away test database (SQLite in memory by default; PostgreSQL with row-level
security when DATABASE_URL points there), one board with one branch, and a CSV export of N
students in classes of 30 (Magister column names, dd-mm-jjjj dates). Then, as branch
management and inside the board's tenant like a request: reads the file (tablib), makes the
dry-run plan, applies it (students, classes, enrolments, one audit row per student), and
imports the same file again (every row unchanged). Also times reading the same rows from
an Excel (.xlsx) file. The issue asks for plan + apply under a minute.

    python bench/student_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pestzaak_bench python bench/student_import.py
    python bench/student_import.py --students 20000

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

import tablib  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

HEADERS = ["Leerlingnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "Vestiging", "Klas"]


def export(n: int, branch_name: str) -> tablib.Dataset:
    data = tablib.Dataset(headers=HEADERS)
    for i in range(n):
        klas = f"{i // 30 % 6 + 1}{'ABCDEFGHJKLMNPQRSTUVWXYZ'[i // 180 % 24]}{i // 4320 or ''}"
        data.append([f"{100000 + i}", f"Roepnaam{i}", "van" if i % 5 == 0 else "", f"Achternaam{i}",
                     f"{i % 28 + 1:02d}-{i % 12 + 1:02d}-{2008 + i % 6}", branch_name, klas])
    return data


def timed(func):
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=5_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from people import imports
        from people.models import AuditEvent, Enrolment, Student
        from tests.conftest import make_board

        board = make_board("Bench Stichting")
        user = board.management
        data = export(args.students, board.branch.name)
        csv_bytes = data.export("csv", delimiter=";").encode()
        xlsx_bytes = data.export("xlsx")

        def run_once():
            table, read_s = timed(lambda: imports.read_table(name="leerlingen.csv", content=csv_bytes))
            with board.tenant():
                mapping = imports.mapping_for(organisation=board.organisation, kind="students", headers=table.headers)
                plan, plan_s = timed(lambda: imports.plan_import(
                    organisation=board.organisation, acting_user=user, kind="students", table=table, mapping=mapping))
                assert not plan.has_errors, plan.errors[:5]
                (_, result), apply_s = timed(lambda: imports.apply_import(
                    organisation=board.organisation, acting_user=user, kind="students", table=table, mapping=mapping,
                    expected_digest=plan.digest()))
            return plan.counts, result, read_s, plan_s, apply_s

        vendor = connection.vendor
        version = ".".join(map(str, connection.Database.sqlite_version_info)) if vendor == "sqlite" else (
            f"{connection.pg_version // 10000}.{connection.pg_version % 100}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, "
              f"Django {django.get_version()}, tablib {tablib.__version__}")
        print(f"database: {vendor} {version}; {args.students:,} students, CSV {len(csv_bytes) / 1024:.0f} KiB, "
              f"XLSX {len(xlsx_bytes) / 1024:.0f} KiB")
        print(f"{'run':<26} {'read s':>7} {'plan s':>7} {'apply s':>8} {'plan+apply s':>13}  counts")
        for label in ("first import (all new)", "same file again"):
            counts, result, read_s, plan_s, apply_s = run_once()
            print(f"{label:<26} {read_s:>7.2f} {plan_s:>7.2f} {apply_s:>8.2f} {plan_s + apply_s:>13.2f}  "
                  f"{counts} {result}")
        _table, xlsx_s = timed(lambda: imports.read_table(name="leerlingen.xlsx", content=xlsx_bytes))
        print(f"reading the same rows from .xlsx: {xlsx_s:.2f}s")
        with board.tenant():
            print(f"students: {Student.objects.for_organisation(board.organisation).count():,}, "
                  f"enrolments: {Enrolment.objects.for_organisation(board.organisation).count():,}, "
                  f"audit rows: {AuditEvent.objects.for_organisation(board.organisation).count():,}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
