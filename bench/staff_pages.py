#!/usr/bin/env python
"""CPU and queries of the staff pages on a board of 2,000 students and 10,000 cases.

Uses its own database (DATABASE_URL, PostgreSQL with row-level security; it must be named
``*bench*`` because the script migrates and fills it), seeds it once (one board: one branch
of 67 classes x 30 students, 67 mentors, 10,000 cases with two pupils each, a signal, two
timeline entries and a follow-up per case, four thermometer rounds of 2,010 respondents as
pre-aggregated counts), runs ANALYZE, and then requests each page N times with Django's test
client, interleaved with a bare "hello" view in the same process (the framework's floor).

Printed per page: queries, worker CPU per request (``time.process_time``: the Python
process only, PostgreSQL's CPU is not in it), wall p50, and the load average.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_h16_bench python bench/staff_pages.py
    DATABASE_URL=... python bench/staff_pages.py --requests 50 --pages case my_cases

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")
_DB = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1]
if not ("bench" in _DB or "platform" in _DB or os.environ.get("BENCH_DATABASE") == _DB):
    sys.exit("Set DATABASE_URL to a database of your own whose name contains 'bench' or 'platform', or name it "
             "in BENCH_DATABASE too (it is migrated and filled).")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

# As in production (config.settings): keep the connection between requests.
connection.settings_dict["CONN_MAX_AGE"] = 60

BOARD = "Bench Personeel"
CLASSES, CLASS_SIZE, CASES = 67, 30, 10_000


class Recorder:
    """Every query of the enclosed requests with its time (survives the per-request reconnects)."""

    def __enter__(self):
        self.queries: list[tuple[float, str]] = []
        self._wrap = connection.execute_wrapper(self)
        self._wrap.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrap.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def hello(request):
    return HttpResponse("hello")


def seed() -> dict:
    """Build the board once; return the ids the measurements need."""
    from incidents.models import Case, FollowUp, Participant, Signal, TimelineEntry
    from people.models import (
        ClassMentor,
        Enrolment,
        Organisation,
        RoleAssignment,
        SchoolClass,
        Student,
        User,
    )
    from people.roles import Role
    from people.tenancy import tenant_context
    from tests.conftest import make_board

    existing = Organisation.objects.filter(name=BOARD).first()
    if existing is None:
        started = time.perf_counter()
        rnd = random.Random(16)
        board = make_board(BOARD)
        org, branch, year = board.organisation, board.branch, board.school_class.school_year
        today = timezone.localdate()
        now = timezone.now()
        with tenant_context(org):
            if not (year.starts_on <= today <= year.ends_on):
                year.starts_on, year.ends_on = today - dt.timedelta(days=90), today + dt.timedelta(days=250)
                year.save()
            classes = SchoolClass.objects.bulk_create(
                SchoolClass(organisation=org, branch=branch, school_year=year, name=f"{1 + i % 4}{i // 4:02d}", grade=1 + i % 4)
                for i in range(CLASSES))
            students = Student.objects.bulk_create(
                Student(organisation=org, branch=branch, external_id=f"S{i:05d}", first_name="Leerling", last_name=f"Nummer {i}")
                for i in range(CLASSES * CLASS_SIZE))
            Enrolment.objects.bulk_create(
                Enrolment(organisation=org, student=s, school_class=classes[i // CLASS_SIZE], school_year=year)
                for i, s in enumerate(students))
            mentors = User.objects.bulk_create(
                User(email=f"mentor{i}@bench.example", full_name=f"Mentor {i}", organisation=org, password="!")
                for i in range(CLASSES))
            mentors[:3] = [board.mentor] * 3  # the measured mentor mentors three of the big classes
            RoleAssignment.objects.bulk_create(
                RoleAssignment(organisation=org, user=m, role=Role.MENTOR, branch=branch) for m in set(mentors)
                if m != board.mentor)
            ClassMentor.objects.bulk_create(
                ClassMentor(organisation=org, school_class=c, mentor=m) for c, m in zip(classes, mentors, strict=True))
            cases = Case.objects.bulk_create(
                Case(organisation=org, branch=branch, reference=f"B-{i:06d}", title=f"Zaak {i}", protocol_key="six_step",
                     protocol_version=1, step=("investigate", "agreements", "monitoring")[i % 3],
                     highest_step_number=str(i % 3 + 1), forms=["verbal"], is_closed=i % 10 < 3,
                     mentor=mentors[(i * 7) % CLASSES], coordinator=board.coordinator, opened_by=board.coordinator,
                     opened_at=now - dt.timedelta(days=i % 300), updated_at=now, step_entered_at=now)
                for i in range(CASES))
            pairs = [rnd.sample(range(len(students)), 2) for _ in cases]
            Participant.objects.bulk_create(
                [Participant(organisation=org, case=c, student=students[p[0]], role="target") for c, p in zip(cases, pairs, strict=True)]
                + [Participant(organisation=org, case=c, student=students[p[1]], role="bully") for c, p in zip(cases, pairs, strict=True)],
                batch_size=5000)
            Signal.objects.bulk_create(
                (Signal(organisation=org, branch=branch, reported_by=c.mentor, description="Uitgescholden", forms=["verbal"],
                        status="case", case=c) for c in cases), batch_size=5000)
            TimelineEntry.objects.bulk_create(
                (TimelineEntry(organisation=org, case=c, kind=kind, step=c.step, text="Gesprek gevoerd", occurred_at=now,
                               recorded_at=now, author=c.mentor) for c in cases for kind in ("incident", "conversation")),
                batch_size=5000)
            FollowUp.objects.bulk_create(
                (FollowUp(organisation=org, case=c, deadline_key="followup", label_nl="Nagesprek", label_en="Follow-up",
                          owner_role=Role.MENTOR, owner=c.mentor, step=c.step, starts_on=today - dt.timedelta(days=20),
                          due_on=today + dt.timedelta(days=(i % 40) - 10))
                 for i, c in enumerate(cases) if not c.is_closed), batch_size=5000)
        import dashboard  # bench/dashboard.py: four rounds of pre-aggregated counts

        from monitoring.instrument import load_instrument

        dashboard.CLASSES, dashboard.STUDENTS = CLASSES, CLASS_SIZE
        dashboard.build_board(org, [branch], year, load_instrument().item_keys, rnd=rnd, with_responses=False)
        from django.apps import apps

        from people.statistics import analyze_now

        analyze_now(m._meta.db_table for m in apps.get_models())  # as the owner (people.statistics)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        existing = board.organisation
    with tenant_context(existing):
        from people.models import Branch

        branch = Branch.objects.filter(organisation=existing).order_by("pk").first()
        users = {r.role: r.user for r in RoleAssignment.objects.filter(organisation=existing).select_related("user")
                 .order_by("pk")}
        mentor = ClassMentor.objects.filter(organisation=existing).order_by("pk").first().mentor
        case = Case.objects.filter(organisation=existing, mentor=mentor, is_closed=False).order_by("pk").first()
    return {"branch": branch, "coordinator": users[Role.COORDINATOR], "mentor": mentor,
            "board": users[Role.BOARD_COORDINATOR], "case": case}


def measure(client: Client, url: str, requests: int) -> tuple[int, list[float], list[float]]:
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with Recorder() as captured:
        client.get(url)
    cpu, wall = [], []
    for _ in range(requests):
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(url)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return len(captured.queries), cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--pages", nargs="*")
    parser.add_argument("--queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--profile", action="store_true", help="print each page's cProfile (20 requests)")
    parser.add_argument("--sort", default="cumulative", help="pstats order of --profile (e.g. tottime)")
    parser.add_argument("--lines", type=int, default=45, help="lines of --profile")
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated (e.g. behind PgBouncer)")
    args = parser.parse_args()
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    ids = seed()
    pages = {
        "case": ("mentor", reverse("incidents:case_detail", args=[ids["case"].pk])),
        "case_list": ("coordinator", reverse("incidents:case_list")),
        "my_cases": ("mentor", reverse("incidents:my_cases")),
        "home_mentor": ("mentor", reverse("home")),
        "home_coordinator": ("coordinator", reverse("home")),
        "dashboard": ("coordinator", reverse("monitoring:dashboard_branch", args=[ids["branch"].pk])),
    }
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"Django {django.get_version()}, PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}")
    print(f"{'page':<18} {'queries':>7} {'CPU p50':>8} {'CPU mean':>8} {'wall p50':>8}   floor: hello CPU p50  load")
    import config.urls

    urlconf = type("U", (), {"urlpatterns": [path("__hello__", hello)] + config.urls.urlpatterns})
    with override_settings(ROOT_URLCONF=urlconf):
        for name, (who, url) in pages.items():
            if args.pages and name not in args.pages:
                continue
            client = Client()
            client.force_login(ids[who])
            queries, cpu, wall = measure(client, url, args.requests)
            _q, floor, _w = measure(client, "/__hello__", args.requests)
            print(f"{name:<18} {queries:>7} {statistics.median(cpu):>8.1f} {statistics.mean(cpu):>8.1f} "
                  f"{statistics.median(wall):>8.1f}   {statistics.median(floor):>14.1f}  {os.getloadavg()[0]:.1f}",
                  flush=True)
            if args.profile:
                import cProfile
                import pstats

                # CPU time, not wall: waiting for PostgreSQL (or for other processes on a
                # loaded machine) is not this process's cost.
                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                for _ in range(20):
                    client.get(url)
                profiler.disable()
                pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)
            if args.queries:
                with Recorder() as captured:
                    client.get(url)
                for ms, sql in captured.queries:
                    print(f"   {ms:>7.1f} {sql[:400]}")


if __name__ == "__main__":
    main()
