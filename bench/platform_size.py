#!/usr/bin/env python
"""Platform size: fill the staff-pages bench database with other boards, set-based, then
show that the measured board's hot queries do not grow (EXPLAIN ANALYZE).

Per filler board, as the issue sizes a platform of 1,000 boards: one branch, one school
year, 34 classes, 1,020 students with their enrolments, 200 cases (two participants, a
signal and two timeline entries each), 10 thermometer rounds of about 1,000 responses
(10,000 responses with all 42 answers) and their pre-aggregated counts. 1,000 boards =
about 1,000,000 students, 200,000 cases, 10,000,000 responses.

Everything is written with INSERT … SELECT generate_series as the database owner (psql's
superuser: row-level security does not apply to the owner's bulk load, and COPY would need
the rows outside the database first), one statement per table per batch of boards, then
ANALYZE. The measured board is the one bench/staff_pages.py seeds: run that first, then

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_h16_bench python bench/platform_size.py --boards 1000
    DATABASE_URL=... python bench/staff_pages.py        # the same pages, now among 1,000 boards
    DATABASE_URL=... python bench/platform_size.py --explain # only the EXPLAINs

Results are recorded in bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
ITEMS = [
    item["key"]
    for section in json.loads((ROOT / "monitoring/instrument/thermometer_v1.json").read_text())["sections"]
    for item in section["items"]
]
CLASSES, CLASS_SIZE, CASES, ROUNDS, PER_ROUND = 34, 30, 200, 10, 1000
ANSWERS = "jsonb_build_object(" + ", ".join(f"'{k}', (random() * 5)::int" for k in ITEMS) + ")"


def connect():
    url = os.environ.get("DATABASE_URL", "")
    if "bench" not in url:
        raise SystemExit("Set DATABASE_URL to your own *bench* database (bench/staff_pages.py seeds it).")
    parts = urlparse(url)
    conn = psycopg2.connect(dbname=parts.path.lstrip("/"), user=parts.username or "postgres",
                            host=parts.hostname, port=parts.port or 5432)
    conn.autocommit = True
    return conn


def step(cur, label: str, sql: str, params=None) -> None:
    started = time.perf_counter()
    cur.execute(sql, params)
    print(f"  {label:<44} {cur.rowcount:>11,} rows {time.perf_counter() - started:>7.1f} s", flush=True)


def fill(cur, first: int, last: int) -> None:
    """Boards number first..last (inclusive), each statement for the whole batch."""
    cur.execute("DROP TABLE IF EXISTS pb; CREATE TEMP TABLE pb AS SELECT g AS n, gen_random_uuid() AS org "
                "FROM generate_series(%s, %s) g", [first, last])
    step(cur, "organisations", "INSERT INTO people_organisation (id, name, slug, email_domain, created_at) "
         "SELECT org, 'Platform ' || n, 'platform-' || n, '', now() FROM pb")
    step(cur, "branches", "INSERT INTO people_branch (organisation_id, name, slug, city, coordinator_name, "
         "coordinator_email, coordinator_phone, adviser_name, adviser_email, adviser_phone) "
         "SELECT org, 'Vestiging ' || n, 'v', '', '', '', '', '', '', '' FROM pb")
    step(cur, "school years", "INSERT INTO people_schoolyear (organisation_id, name, starts_on, ends_on) "
         "SELECT org, '2026-2027', current_date - 90, current_date + 250 FROM pb")
    cur.execute("DROP TABLE IF EXISTS pbx; CREATE TEMP TABLE pbx AS SELECT pb.n, pb.org, b.id AS branch, y.id AS year "
                "FROM pb JOIN people_branch b ON b.organisation_id = pb.org "
                "JOIN people_schoolyear y ON y.organisation_id = pb.org")
    step(cur, "classes", "INSERT INTO people_schoolclass (organisation_id, branch_id, school_year_id, name, grade) "
         f"SELECT org, branch, year, 'K' || k, 1 + k % 4 FROM pbx, generate_series(0, {CLASSES - 1}) k")
    step(cur, "students", "INSERT INTO people_student (organisation_id, branch_id, external_id, first_name, infix, "
         "last_name) SELECT org, branch, 'S' || i, 'Leerling', '', 'Nummer ' || i "
         f"FROM pbx, generate_series(0, {CLASSES * CLASS_SIZE - 1}) i")
    step(cur, "enrolments", "INSERT INTO people_enrolment (organisation_id, student_id, school_class_id, "
         f"school_year_id) SELECT pbx.org, s.id, c.id, pbx.year FROM pbx CROSS JOIN generate_series(0, {CLASSES * CLASS_SIZE - 1}) i "
         "JOIN people_student s ON s.organisation_id = pbx.org AND s.external_id = 'S' || i "
         f"JOIN people_schoolclass c ON c.organisation_id = pbx.org AND c.name = 'K' || (i / {CLASS_SIZE})")
    step(cur, "cases", "INSERT INTO incidents_case (organisation_id, branch_id, reference, title, protocol_key, "
         "protocol_version, step, step_entered_seq, step_entered_at, is_closed, highest_step_number, forms, "
         "discrimination_ground, criminal_offence, opened_at, updated_at) "
         "SELECT org, branch, 'P-' || i, 'Zaak ' || i, 'six_step', 1, (ARRAY['investigate','agreements','monitoring'])[1 + i % 3], "
         "0, now(), i % 10 < 3, (1 + i % 3)::text, '[\"verbal\"]', '', false, now() - (i % 300) * interval '1 day', now() "
         f"FROM pbx, generate_series(0, {CASES - 1}) i")
    cur.execute("DROP TABLE IF EXISTS pbc; CREATE TEMP TABLE pbc AS SELECT c.id AS case_id, c.organisation_id AS org, "
                "c.branch_id AS branch, substr(c.reference, 3)::int AS i FROM pb JOIN incidents_case c ON c.organisation_id = pb.org")
    for role, offset in (("target", 0), ("bully", 7)):
        step(cur, f"participants ({role})", "INSERT INTO incidents_participant (organisation_id, case_id, student_id, "
             "role, description, other_school) SELECT pbc.org, pbc.case_id, s.id, %s, '', '' FROM pbc "
             "JOIN people_student s ON s.organisation_id = pbc.org "
             f"AND s.external_id = 'S' || mod(pbc.i * 5 + {offset}, {CLASSES * CLASS_SIZE})", [role])
    step(cur, "signals", "INSERT INTO incidents_signal (organisation_id, branch_id, source, status, reported_at, place, "
         "description, forms, discrimination_ground, handled_reason, case_id) "
         "SELECT org, branch, 'staff', 'case', now(), '', 'Uitgescholden', '[\"verbal\"]', '', '', case_id FROM pbc")
    step(cur, "timeline entries", "INSERT INTO incidents_timelineentry (organisation_id, case_id, kind, step, attrs, "
         "text, occurred_at, recorded_at, is_system) SELECT org, case_id, k, 'investigate', '{}', 'Gesprek', now(), now(), "
         "false FROM pbc, unnest(ARRAY['incident', 'conversation']) k")
    step(cur, "survey rounds", "INSERT INTO monitoring_surveyround (organisation_id, name, instrument_key, "
         "instrument_version, opens_at, closes_at, min_group_size, class_signal_share, created_at) "
         "SELECT org, 'Ronde ' || r, 'thermometer', 1, now() - (r * 60 + 14) * interval '1 day', "
         f"now() - r * 60 * interval '1 day', 10, 0.2, now() FROM pbx, generate_series(1, {ROUNDS}) r")
    step(cur, "round classes", "INSERT INTO monitoring_roundclass (organisation_id, round_id, school_class_id, branch_id, "
         "class_name, invited) SELECT r.organisation_id, r.id, c.id, c.branch_id, c.name, 30 FROM pb "
         "JOIN monitoring_surveyround r ON r.organisation_id = pb.org JOIN people_schoolclass c ON c.organisation_id = pb.org")
    per_class = -(-PER_ROUND // CLASSES)
    step(cur, "responses (42 answers each)", "INSERT INTO monitoring_response (id, organisation_id, round_id, "
         "round_class_id, branch_id, gender, answers) SELECT gen_random_uuid(), rc.organisation_id, rc.round_id, rc.id, "
         f"rc.branch_id, (ARRAY['boy','girl'])[1 + j % 2], {ANSWERS} FROM pb JOIN monitoring_roundclass rc "
         f"ON rc.organisation_id = pb.org, generate_series(1, {per_class}) j")
    step(cur, "respondent counts", "INSERT INTO monitoring_respondentcount (organisation_id, round_id, round_class_id, "
         "gender, n, bullied) SELECT rc.organisation_id, rc.round_id, rc.id, g, 15, 2 FROM pb "
         "JOIN monitoring_roundclass rc ON rc.organisation_id = pb.org, unnest(ARRAY['boy','girl']) g")
    step(cur, "result counts (42 items)", "INSERT INTO monitoring_resultcount (organisation_id, round_id, round_class_id, "
         "gender, item_key, n, total, high) SELECT rc.organisation_id, rc.round_id, rc.id, g, k, 15, 30, 3 FROM pb "
         "JOIN monitoring_roundclass rc ON rc.organisation_id = pb.org, unnest(ARRAY['boy','girl']) g, unnest(%s) k",
         [ITEMS])


def reset(cur) -> None:
    """Remove the filler boards (their rows in every table, children first)."""
    tables = ["monitoring_resultcount", "monitoring_respondentcount", "monitoring_response", "monitoring_roundclass",
              "monitoring_surveyround", "incidents_timelineentry", "incidents_signal", "incidents_participant",
              "incidents_case", "people_enrolment", "people_student", "people_schoolclass", "people_schoolyear",
              "people_branch", "people_organisation"]
    for table in tables:
        column = "id" if table == "people_organisation" else "organisation_id"
        step(cur, f"delete {table}", f"DELETE FROM {table} WHERE {column} IN "  # noqa: S608 - fixed names
             "(SELECT id FROM people_organisation WHERE slug LIKE 'platform-%%')")


def explain(cur) -> None:
    """EXPLAIN ANALYZE of the hot queries of the measured board, as its users run them."""
    import sys

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.db import connection

    from incidents import access
    from incidents.models import Case
    from monitoring.models import ResultCount, SurveyRound
    from people.models import Branch, ClassMentor, Organisation, RoleAssignment
    from people.tenancy import tenant_context

    org = Organisation.objects.get(name="Bench Personeel")
    with tenant_context(org):
        mentor = ClassMentor.objects.filter(organisation=org).order_by("pk").first().mentor
        coordinator = RoleAssignment.objects.filter(organisation=org, role="coordinator").first().user
        case = Case.objects.filter(organisation=org, mentor=mentor, is_closed=False).order_by("pk").first()
        branch = Branch.objects.filter(organisation=org).order_by("pk").first()
        rounds = list(SurveyRound.objects.filter(organisation=org).values_list("pk", flat=True))
        queries = {
            "case page: the access check of one case (mentor)": access.cases_for(mentor).filter(pk=case.pk),
            "/mijn-zaken/: the mentor's open cases, first page": access.cases_for(mentor).filter(is_closed=False)
            .order_by("-updated_at", "-id")[:25],
            "/zaken/: the coordinator's open cases, first page": access.cases_for(coordinator).filter(is_closed=False)
            .order_by("-updated_at", "-id")[:25],
            "dashboard: the branch's item sums over its rounds (trend)": ResultCount.objects.for_organisation(org.pk)
            .filter(round_id__in=rounds, round_class__branch=branch).values("round_id", "item_key")
            .annotate(n=django.db.models.Sum("n")).order_by(),
        }
        with connection.cursor() as c:
            c.execute("SELECT (SELECT count(*) FROM people_organisation), (SELECT count(*) FROM people_student), "
                      "(SELECT count(*) FROM incidents_case), (SELECT count(*) FROM monitoring_response)")
            boards, students, cases, responses = c.fetchone()
        print(f"database: {boards:,} organisations visible to all (RLS: the rest are invisible to this tenant); "
              f"as the owner: {int(psql_count(cur, 'people_student')):,} students, "
              f"{int(psql_count(cur, 'incidents_case')):,} cases, {int(psql_count(cur, 'monitoring_response')):,} responses")
        for label, qs in queries.items():
            print(f"\n-- {label}")
            print(qs.explain(analyze=True, buffers=True))
        del students, cases, responses


def psql_count(cur, table: str) -> int:
    cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - a fixed table name
    return cur.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50, help="boards per statement")
    parser.add_argument("--explain", action="store_true", help="only print the EXPLAINs")
    parser.add_argument("--reset", action="store_true", help="remove the filler boards first")
    args = parser.parse_args()
    conn = connect()
    cur = conn.cursor()
    if args.reset:
        reset(cur)
    if not args.explain:
        cur.execute("SELECT count(*) FROM people_organisation WHERE slug LIKE 'platform-%%'")
        have = cur.fetchone()[0]
        started = time.perf_counter()
        for first in range(have + 1, args.boards + 1, args.batch):
            last = min(args.boards, first + args.batch - 1)
            print(f"boards {first}-{last}", flush=True)
            fill(cur, first, last)
        step(cur, "ANALYZE", "ANALYZE")
        print(f"filled {args.boards - have:,} boards in {time.perf_counter() - started:.0f} s; "
              f"load average {os.getloadavg()[0]:.1f}")
    explain(cur)


if __name__ == "__main__":
    main()
