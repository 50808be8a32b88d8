#!/usr/bin/env python
"""Wall time and peak memory of the inspection report (monitoring.report).

Builds a throw-away test database (SQLite in memory by default; PostgreSQL with row-level
security when DATABASE_URL points there) with one board of N branches (default 9). Each
branch gets, in school year 2026-2027: 500 cases (forms, highest steps, half of them closed
with step changes, interventions, sanctions, police records), 500 signals, ~1,500
follow-ups, a filled prevention register, and a thermometer round of 2,000 responses in 80
classes and 4 departments (stored, as monitoring.submission stores them, as pre-aggregated
counts: the report never reads single responses). Rows are bulk-inserted; the figures
do not depend on how they were made.

Then it measures, each three times (median), the Celery job body
(monitoring.report.jobs.job_run: claim, build with progress writes, render, store the file)
that renders the PDF - no web request renders one (issue 16):
* the branch report: one branch-year;
* the board report: all branches.
Peak memory: tracemalloc's peak of Python allocations during one run, and the process's
peak RSS (ru_maxrss) after the branch jobs and after all runs (both include the test
data, Django and WeasyPrint: an upper bound of what a worker needs for the job).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pestzaak_report python bench/inspection_report.py
    python bench/inspection_report.py --branches 2 --cases 100

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

FORMS = ["verbal", "digital", "physical", "material", "social_exclusion", "discrimination"]
INTERVENTIONS = ["no_blame", "mediation", "guidance", "class_talk", "training", "referral"]
SANCTIONS = ["detention", "parent_contact", "parent_meeting", "internal_suspension"]


def build(org, branches, year, *, cases: int, responses: int, rng: random.Random) -> None:
    from django.utils import timezone

    from incidents.models import Case, FollowUp, Signal, TimelineEntry
    from monitoring.instrument import load_instrument
    from monitoring.models import RespondentCount, ResultCount, RoundClass, SurveyRound
    from monitoring.report.models import PreventionMeasure, PreventionRegister, ProgrammeUse
    from monitoring.report.vocab import MEASURE_KEYS
    from people.models import Department, SchoolClass
    from people.tenancy import tenant_context
    from protocol.definitions import SIX_STEP_V1

    exits = [t for t in SIX_STEP_V1.transitions if t.outcome is not None and t.outcome.closes]
    tz = timezone.get_current_timezone()
    items = load_instrument().item_keys
    start = dt.datetime(2026, 8, 20, 9, tzinfo=tz)
    with tenant_context(org):
        survey = SurveyRound.objects.create(organisation=org, name="Thermometer najaar 2026",
                                            opens_at=dt.datetime(2026, 11, 2, 8, tzinfo=tz),
                                            closes_at=dt.datetime(2026, 11, 20, 17, tzinfo=tz))
    for bi, branch in enumerate(branches):
        with tenant_context(org):
            signals, case_rows = [], []
            for i in range(cases):
                opened = start + dt.timedelta(days=rng.randrange(0, 300), hours=rng.randrange(0, 8))
                case_rows.append(Case(
                    organisation=org, branch=branch, reference=f"B{bi}-{i:05d}", title="Melding",
                    protocol_key="six_step", protocol_version=1, step="investigate",
                    highest_step_number=rng.choice("1112233456"), forms=rng.sample(FORMS, rng.choice([1, 1, 2])),
                    criminal_offence=rng.random() < 0.05, opened_at=opened,
                ))
            Case.objects.bulk_create(case_rows, batch_size=1000)
            case_rows = list(Case.objects.filter(branch=branch).order_by("id"))
            entries, followups = [], []
            for case in case_rows:
                signals.append(Signal(organisation=org, branch=branch, source=rng.choice(["staff", "staff", "thermometer", "public_report"]),
                                      reported_at=case.opened_at, description="x", forms=case.forms, status="linked", case=case))
                if rng.random() < 0.5:
                    closed_at = case.opened_at + dt.timedelta(days=rng.randrange(1, 60))
                    # Any way out of the six-step protocol, typed as the service writes it.
                    exit_ = rng.choice(exits)
                    case.step, case.is_closed, case.closed_at = exit_.target, True, closed_at
                    entries.append(TimelineEntry(organisation=org, case=case, kind=TimelineEntry.STEP_CHANGE,
                                                 step=exit_.target, is_system=True, from_step=exit_.sources[0],
                                                 transition=exit_.key, outcome=exit_.outcome,
                                                 protocol_key=SIX_STEP_V1.key, protocol_version=SIX_STEP_V1.version,
                                                 occurred_at=closed_at))
                for _ in range(rng.randrange(0, 3)):
                    entries.append(TimelineEntry(organisation=org, case=case, kind="intervention", step="investigate",
                                                 attrs={"kind": rng.choice(INTERVENTIONS)},
                                                 occurred_at=case.opened_at + dt.timedelta(days=2)))
                if rng.random() < 0.2:
                    entries.append(TimelineEntry(organisation=org, case=case, kind="sanction", step="second_talk",
                                                 attrs={"kind": rng.choice(SANCTIONS)}, occurred_at=case.opened_at + dt.timedelta(days=5)))
                if case.criminal_offence:
                    entries.append(TimelineEntry(organisation=org, case=case, kind="police_informed", step="second_talk",
                                                 occurred_at=case.opened_at + dt.timedelta(days=3)))
                for k in range(3):
                    due = (case.opened_at + dt.timedelta(days=14 * (k + 1))).date()
                    roll = rng.random()
                    status = "done" if roll < 0.8 else ("overdue" if roll < 0.9 else "cancelled")
                    completed = (timezone.make_aware(dt.datetime.combine(due, dt.time(12))) + dt.timedelta(days=rng.choice([-3, -1, 0, 2])))
                    followups.append(FollowUp(organisation=org, case=case, deadline_key=f"term{k}", label_nl="Termijn", label_en="Term",
                                              owner_role="mentor", step="monitoring", visit_seq=k, starts_on=case.opened_at.date(),
                                              due_on=due, status=status, completed_at=completed if status == "done" else None))
            Case.objects.bulk_update(case_rows, ["step", "is_closed", "closed_at"], batch_size=1000)
            Signal.objects.bulk_create(signals, batch_size=1000)
            TimelineEntry.objects.bulk_create(entries, batch_size=2000)
            FollowUp.objects.bulk_create(followups, batch_size=2000)

            reg = PreventionRegister.objects.create(organisation=org, branch=branch, school_year=year,
                                                    plan_text="Elke leerling veilig.", do_text="Mentorlessen.",
                                                    check_text="Thermometer in november.", act_text="Meer toezicht.")
            PreventionMeasure.objects.bulk_create(PreventionMeasure(organisation=org, register=reg, key=k, in_place=True,
                                                                    how="Zo doen wij dat, elk jaar geëvalueerd.")
                                                  for k in MEASURE_KEYS)
            ProgrammeUse.objects.create(organisation=org, register=reg, programme="kiva", who="Mentoren leerjaar 1", when="Najaar")

            departments = [Department.objects.create(organisation=org, branch=branch, name=n) for n in ("Vmbo", "Mavo", "Havo", "Vwo")]
            per_class = responses // 80
            counts, results = [], []
            for c in range(80):
                school_class = SchoolClass.objects.create(organisation=org, branch=branch, school_year=year, name=f"K{c}",
                                                          department=departments[c % 4])
                rc = RoundClass.objects.create(organisation=org, round=survey, school_class=school_class, branch=branch,
                                               department=school_class.department, class_name=school_class.name, invited=per_class + 5)
                for gender, n in (("boy", per_class // 2), ("girl", per_class - per_class // 2)):
                    counts.append(RespondentCount(organisation=org, round=survey, round_class=rc, gender=gender, n=n))
                    for key in items:
                        answers = [rng.randrange(0, 6) for _ in range(n)]
                        results.append(ResultCount(organisation=org, round=survey, round_class=rc, gender=gender, item_key=key,
                                                   n=n, total=sum(answers), high=sum(a >= 3 for a in answers)))
            RespondentCount.objects.bulk_create(counts)
            ResultCount.objects.bulk_create(results, batch_size=5000)


def timed(fn, runs: int) -> tuple[float, float, float]:
    """(median wall s, median CPU s of this process, tracemalloc peak MiB). On a shared
    machine the wall time follows the load; the CPU time is what the job itself costs
    (PostgreSQL's own CPU is not in it)."""
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), statistics.median(cpu), peak / 1_048_576


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=9)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from monitoring.report.jobs import job_run
        from monitoring.report.models import ReportJob
        from people.tenancy import tenant_context
        from tests import factories as f
        from tests.conftest import make_board

        board = make_board("Bench Stichting")
        org = board.organisation
        year = board.school_class.school_year
        branches = [board.branch, board.other_branch] + [f.BranchFactory(organisation=org) for _ in range(args.branches - 2)]
        started = time.perf_counter()
        build(org, branches[: args.branches], year, cases=args.cases, responses=args.responses, rng=random.Random(7))
        built = time.perf_counter() - started
        vendor = connection.vendor
        version = ".".join(map(str, connection.Database.sqlite_version_info)) if vendor == "sqlite" else (
            f"{connection.pg_version // 10000}.{connection.pg_version % 100}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
              f"Django {django.get_version()}; database: {vendor} {version}")
        print(f"built {args.branches} branches × {args.cases} cases, {args.responses} responses in {built:.1f}s")

        pages = {}

        def job(key: str, branch) -> None:
            with tenant_context(org):
                created = ReportJob.objects.create(organisation=org, requested_by=board.board_coordinator,
                                                   school_year=year, branch=branch)
            job_run(str(org.pk), created.pk)
            with tenant_context(org):
                created.refresh_from_db()
                assert created.status == "done", created.status
                pages[key] = created.file.size

        runs = (("branch report (1 branch, job)", "branch", board.branch),
                (f"board report ({args.branches} branches, job)", "board", None))
        for name, key, branch in runs:
            wall, cpu, peak = timed(lambda key=key, branch=branch: job(key, branch), args.runs)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{name:<36} wall {wall:6.2f} s   CPU {cpu:6.2f} s   tracemalloc peak {peak:7.1f} MiB   "
                  f"process peak RSS so far {rss:.0f} MiB   load average {os.getloadavg()[0]:.1f}", flush=True)
        print(f"PDF sizes: branch {pages['branch'] // 1024} KiB, board {pages['board'] // 1024} KiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
