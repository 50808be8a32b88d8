#!/usr/bin/env python
"""The platform-size data set (issue 16): 1,000 boards in one database, set-based, then the
measured board through the ORM, then ANALYZE.

    nice -n 10 env DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_h_platform \\
        python bench/platform_data.py --boards 1000

1. ``migrate`` (Django, as the owner).
2. The filler boards, written by PostgreSQL itself with ``INSERT … SELECT … generate_series``
   as the owner (row-level security does not apply to the owner's bulk load), a batch of
   boards per statement. Per board, as the issue sizes a platform of 1,000 boards:

   * an organisation, one branch, the current school year, 34 classes of 30;
   * 1,020 students and their enrolments; 37 staff users with their roles (34 mentors,
     each mentoring a class, a coordinator, a confidential adviser, a board coordinator);
   * 200 cases of this school year in the real steps of the six-step protocol (30 %
     closed, 10 % closed as teasing, the rest in investigate/agreements/monitoring), each
     with a target and a bully from one class, a linked signal, an incident and a
     conversation on the timeline, the step changes the protocol's transitions make
     (typed ``step_change`` entries: from, transition, outcome, protocol; ``step_entered_seq`` points at the
     last one, as ``incidents.services.cases`` does) and, for cases in monitoring, the
     four-week follow-up of that visit (open or overdue);
   * 10 closed thermometer rounds of the 34 classes, 30 codes per class (used), 30
     responses per class with all 42 answers, **released** (``released`` true), and the
     respondent and result counts those released responses add up to (per class, gender
     and item, with the per-option counts), exactly as ``monitoring.release`` would store
     them. Each class's 30 answer sets come from one fixed template, so the counts are
     computed once from the template in Python (with ``monitoring.submission``'s own
     "reports bullying" rule) and written for every class.

   1,000 boards = 1,000,000 students, 200,000 cases, 10,200,000 responses, 10,200,000
   codes, 28,560,000 result-count rows.

   Speed: the load runs with ``session_replication_role = replica`` (the owner's bulk-load
   switch: no foreign-key trigger per row; the rows are built valid and checked by
   anti-joins at the end), and the indexes of the five largest tables (their plain indexes
   and the unique constraints no other table points at) are dropped before and built
   once, sorted, after the load (their definitions are kept in the table
   ``bench_deferred_index`` until rebuilt, so an interrupted run can be resumed with the
   same command: it continues after the last complete batch).
3. The measured board, through the ORM exactly as ``bench/staff_pages.py`` builds it (one
   branch of 67 classes x 30, 10,000 cases, four rounds of counts).
4. ``ANALYZE`` as the owner (``people.statistics.analyze_now``) and a ``VACUUM`` of the
   bulk-loaded tables (autovacuum would do it minutes later; the visibility map matters
   for index-only scans).

Printed: the time of each step, row counts, table and database sizes, the load average.
Then measure with ``bench/staff_pages.py`` and ``bench/platform_explain.py``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import psycopg2  # noqa: E402

CLASSES, CLASS_SIZE, CASES, ROUNDS = 34, 30, 200, 10
STAFF = CLASSES + 3  # mentors 0..33, coordinator 34, confidential adviser 35, board coordinator 36
COORDINATOR, ADVISER, BOARD_COORDINATOR = CLASSES, CLASSES + 1, CLASSES + 2

#: Tables whose plain indexes are dropped during the load and rebuilt after it.
DEFERRED = ("monitoring_response", "monitoring_resultcount", "monitoring_accesscode", "monitoring_codeindex",
            "incidents_timelineentry")

#: The case mix, by case number mod 10: (final step, closed, highest step number, transitions).
PATHS = {
    0: ("closed", True, "3", ["record_agreements", "start_monitoring", "close_after_monitoring"]),
    1: ("closed", True, "3", ["record_agreements", "start_monitoring", "close_after_monitoring"]),
    2: ("closed_teasing", True, "1", ["close_as_teasing"]),
    3: ("investigate", False, "1", []),
    4: ("investigate", False, "1", []),
    5: ("investigate", False, "1", []),
    6: ("agreements", False, "2", ["record_agreements"]),
    7: ("agreements", False, "2", ["record_agreements"]),
    8: ("monitoring", False, "3", ["record_agreements", "start_monitoring"]),
    9: ("monitoring", False, "3", ["record_agreements", "start_monitoring"]),
}


def database_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    name = urlparse(url).path.lstrip("/")
    if not url.startswith("postgres") or not ("bench" in name or "platform" in name
                                              or os.environ.get("BENCH_DATABASE") == name):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database of your own whose name contains "
                         "'platform' or 'bench', or name it in BENCH_DATABASE too (it is migrated and filled).")
    return name


def connect():
    parts = urlparse(os.environ["DATABASE_URL"])
    conn = psycopg2.connect(dbname=parts.path.lstrip("/"), user=parts.username or "postgres",
                            password=parts.password, host=parts.hostname, port=parts.port or 5432)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cur.fetchone()[0]:
        raise SystemExit("Run as the database owner with superuser rights (the bulk load bypasses triggers).")
    cur.execute("SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '1GB'; "
                "SET jit = off; SET session_replication_role = replica")
    return conn, cur


def step(cur, label: str, sql: str, params=None) -> int:
    started = time.perf_counter()
    cur.execute(sql, params)
    print(f"    {label:<40} {max(cur.rowcount, 0):>11,} rows {time.perf_counter() - started:>7.1f} s", flush=True)
    return cur.rowcount


# ------------------------------------------------------------------ the survey template


def survey_template():
    """30 answer sets (one class), their genders, and the counts they add up to."""
    from monitoring.instrument import load_instrument
    from monitoring.models import ResultCount
    from monitoring.submission import HIGH, reports_bullying

    instrument = load_instrument("thermometer", 1)
    keys = list(instrument.item_keys)
    sets = []
    for j in range(CLASS_SIZE):
        gender = "boy" if j % 2 else "girl"
        # Mostly low answers (0-2), some 3-5: a class with a few students reporting bullying.
        answers = {k: ((j * 7 + i * 3 + (j * i) % 5) % 11) // 2 if (j + i) % 4 else (j + i) % 3
                   for i, k in enumerate(keys)}
        answers = {k: min(v, 5) for k, v in answers.items()}
        sets.append((j, gender, answers))
    respondents: dict[str, list[int]] = {}
    items: dict[tuple[str, str], list[int]] = {}
    for _j, gender, answers in sets:
        cell = respondents.setdefault(gender, [0, 0])
        cell[0] += 1
        cell[1] += 1 if reports_bullying(instrument, answers) else 0
        for key, value in answers.items():
            row = items.setdefault((gender, key), [0] * 9)
            row[0] += 1
            row[1] += value
            row[2] += 1 if value >= HIGH else 0
            row[3 + value] += 1
    assert len(ResultCount.OPTION_FIELDS) == 6
    return sets, respondents, items


def prepare(cur) -> None:
    """Session-wide helper tables: the answer template, its counts, the case paths."""
    sets, respondents, items = survey_template()
    cur.execute("DROP TABLE IF EXISTS tmpl, tmpl_resp, tmpl_item, paths; "
                "CREATE TEMP TABLE tmpl (j int, gender text, answers jsonb); "
                "CREATE TEMP TABLE tmpl_resp (gender text, n int, bullied int); "
                "CREATE TEMP TABLE tmpl_item (gender text, item_key text, n int, total int, high int, "
                "a0 int, a1 int, a2 int, a3 int, a4 int, a5 int); "
                "CREATE TEMP TABLE paths (p int, seq int, transition text, from_step text, to_step text, outcome text)")
    cur.executemany("INSERT INTO tmpl VALUES (%s, %s, %s)", [(j, g, json.dumps(a)) for j, g, a in sets])
    cur.executemany("INSERT INTO tmpl_resp VALUES (%s, %s, %s)", [(g, n, b) for g, (n, b) in respondents.items()])
    cur.executemany("INSERT INTO tmpl_item VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [(g, k, *row) for (g, k), row in items.items()])
    from protocol.definitions import get_definition

    definition = get_definition("six_step", 1)
    rows = []
    for p, (_final, _closed, _highest, transitions) in PATHS.items():
        current = definition.initial_step
        for seq, key in enumerate(transitions, start=1):
            target = definition.transition(key).target
            rows.append((p, seq, key, current, target, definition.outcome_of(key)))
            current = target
        assert current == PATHS[p][0], (p, current)
    cur.executemany("INSERT INTO paths VALUES (%s, %s, %s, %s, %s, %s)", rows)


# ------------------------------------------------------------------ the filler boards


def fill(cur, first: int, last: int, followup_label: tuple[str, str]) -> None:
    """Boards number first..last (inclusive), each statement for the whole batch."""
    cur.execute("DROP TABLE IF EXISTS pb, pu, pcl, pst, pca, prc; "
                "CREATE TEMP TABLE pb AS SELECT g AS n, gen_random_uuid() AS org, 0::bigint AS branch, "
                "0::bigint AS year FROM generate_series(%s, %s) g", [first, last])
    step(cur, "organisations", "INSERT INTO people_organisation (id, name, slug, email_domain, created_at) "
         "SELECT org, 'Platformbestuur ' || n, 'platform-' || n, '', now() FROM pb")
    step(cur, "branches", "WITH ins AS (INSERT INTO people_branch (organisation_id, name, slug, city, "
         "coordinator_name, coordinator_email, coordinator_phone, adviser_name, adviser_email, adviser_phone, "
         "holiday_region, postcode, province) SELECT org, 'Vestiging ' || n, 'vestiging', 'Utrecht', '', '', '', "
         "'', '', '', 'midden', '', '' FROM pb RETURNING id, organisation_id) "
         "UPDATE pb SET branch = ins.id FROM ins WHERE ins.organisation_id = pb.org")
    step(cur, "school years", "WITH ins AS (INSERT INTO people_schoolyear (organisation_id, name, starts_on, ends_on) "
         "SELECT org, '2026-2027', current_date - 90, current_date + 250 FROM pb RETURNING id, organisation_id) "
         "UPDATE pb SET year = ins.id FROM ins WHERE ins.organisation_id = pb.org")
    cur.execute("CREATE TEMP TABLE pu (org uuid, k int, id bigint)")
    step(cur, "staff users", "WITH ins AS (INSERT INTO people_user (password, is_superuser, email, full_name, "
         "is_active, is_staff, date_joined, organisation_id) SELECT '!', false, "
         "'medewerker' || k || '.b' || n || '@platform.example', 'Medewerker ' || k, true, false, now(), org "
         f"FROM pb, generate_series(0, {STAFF - 1}) k RETURNING id, organisation_id, email) "
         "INSERT INTO pu SELECT organisation_id, substring(email from 'medewerker([0-9]+)')::int, id FROM ins")
    step(cur, "role assignments", "INSERT INTO people_roleassignment (role, branch_id, organisation_id, user_id) "
         f"SELECT CASE pu.k WHEN {COORDINATOR} THEN 'coordinator' WHEN {ADVISER} THEN 'confidential_adviser' "
         f"WHEN {BOARD_COORDINATOR} THEN 'board_coordinator' ELSE 'mentor' END, "
         f"CASE WHEN pu.k = {BOARD_COORDINATOR} THEN NULL ELSE pb.branch END, pb.org, pu.id "
         "FROM pu JOIN pb ON pb.org = pu.org")
    cur.execute("CREATE TEMP TABLE pcl (org uuid, k int, id bigint)")
    step(cur, "classes", "WITH ins AS (INSERT INTO people_schoolclass (organisation_id, branch_id, school_year_id, "
         f"name, grade) SELECT org, branch, year, (1 + k % 4) || 'K' || k, 1 + k % 4 FROM pb, "
         f"generate_series(0, {CLASSES - 1}) k RETURNING id, organisation_id, name) "
         "INSERT INTO pcl SELECT organisation_id, substring(name from 'K([0-9]+)')::int, id FROM ins")
    step(cur, "class mentors", "INSERT INTO people_classmentor (mentor_id, organisation_id, school_class_id) "
         "SELECT pu.id, pcl.org, pcl.id FROM pcl JOIN pu ON pu.org = pcl.org AND pu.k = pcl.k")
    cur.execute("CREATE TEMP TABLE pst (org uuid, i int, id bigint)")
    step(cur, "students", "WITH ins AS (INSERT INTO people_student (organisation_id, branch_id, external_id, "
         "first_name, infix, last_name) SELECT org, branch, 'S' || i, 'Leerling', '', 'Nummer ' || i "
         f"FROM pb, generate_series(0, {CLASSES * CLASS_SIZE - 1}) i RETURNING id, organisation_id, external_id) "
         "INSERT INTO pst SELECT organisation_id, substr(external_id, 2)::int, id FROM ins")
    cur.execute("CREATE INDEX ON pst (org, i); ANALYZE pst; ANALYZE pcl; ANALYZE pu")
    step(cur, "enrolments", "INSERT INTO people_enrolment (organisation_id, student_id, school_class_id, "
         f"school_year_id) SELECT pst.org, pst.id, pcl.id, pb.year FROM pst JOIN pb ON pb.org = pst.org "
         f"JOIN pcl ON pcl.org = pst.org AND pcl.k = pst.i / {CLASS_SIZE}")
    # Case c: target pupil t = 5c mod 1,020, the bully in the same class; the class's mentor.
    cur.execute("CREATE TEMP TABLE pca (org uuid, c int, id bigint, branch bigint, mentor bigint, opened timestamptz)")
    n_students = CLASSES * CLASS_SIZE
    step(cur, "cases", "WITH src AS (SELECT pb.org, pb.branch, c, "
         f"((c * 5) % {n_students}) / {CLASS_SIZE} AS k, "
         "date_trunc('minute', now()) - ((c * 37) % 150) * interval '1 day' - c * interval '1 minute' AS opened "
         f"FROM pb, generate_series(0, {CASES - 1}) c), "
         "ins AS (INSERT INTO incidents_case (organisation_id, branch_id, reference, title, protocol_key, "
         "protocol_version, step, step_entered_seq, step_entered_at, is_closed, highest_step_number, forms, "
         "discrimination_ground, criminal_offence, opened_at, closed_at, updated_at, coordinator_id, mentor_id, "
         "opened_by_id, second_case_reason) "
         "SELECT src.org, src.branch, to_char(src.opened, 'YYYY') || '-' || lpad(src.c::text, 4, '0'), "
         "'Zaak ' || src.c, 'six_step', 1, p.final, 0, src.opened, p.closed, p.highest, '[\"verbal\"]', '', false, "
         "src.opened, CASE WHEN p.closed THEN least(now(), src.opened + interval '40 days') END, "
         "least(now(), src.opened + interval '40 days'), co.id, mo.id, co.id, '' "
         "FROM src JOIN (VALUES " + ", ".join(
             f"({p}, '{final}', {str(closed).lower()}, '{highest}')" for p, (final, closed, highest, _t) in PATHS.items()
         ) + ") AS p (p, final, closed, highest) ON p.p = src.c % 10 "
         f"JOIN pu co ON co.org = src.org AND co.k = {COORDINATOR} "
         "JOIN pu mo ON mo.org = src.org AND mo.k = src.k "
         "RETURNING id, organisation_id, title, branch_id, mentor_id, opened_at) "
         "INSERT INTO pca SELECT organisation_id, substr(title, 6)::int, id, branch_id, mentor_id, opened_at FROM ins")
    cur.execute("ANALYZE pca")
    step(cur, "participants", "INSERT INTO incidents_participant (organisation_id, case_id, student_id, role, "
         "description, other_school) SELECT pca.org, pca.id, pst.id, r.role, '', '' FROM pca "
         "CROSS JOIN (VALUES ('target', 0), ('bully', 7)) AS r (role, shift) "
         f"JOIN pst ON pst.org = pca.org AND pst.i = ((pca.c * 5) % {n_students}) / {CLASS_SIZE} * {CLASS_SIZE} "
         f"+ ((pca.c * 5) % {CLASS_SIZE} + r.shift) % {CLASS_SIZE}")
    step(cur, "signals", "INSERT INTO incidents_signal (organisation_id, branch_id, source, status, reported_at, "
         "occurred_on, place, description, forms, discrimination_ground, handled_reason, case_id, reported_by_id, "
         "incident_category, is_serious) SELECT org, branch, 'staff', 'linked', opened, opened::date, 'Schoolplein', "
         "'Uitgescholden in de pauze', '[\"verbal\"]', '', '', id, mentor, '', false FROM pca")
    step(cur, "timeline: incident, conversation", "INSERT INTO incidents_timelineentry (organisation_id, case_id, "
         "kind, step, attrs, text, occurred_at, recorded_at, is_system, author_id, incident_category, is_serious, "
         "from_step, transition, outcome, protocol_key) "
         "SELECT org, id, e.kind, 'investigate', e.attrs::jsonb, e.text, opened + e.after * interval '1 hour', "
         "opened + e.after * interval '1 hour', false, mentor, '', false, '', '', '', '' FROM pca CROSS JOIN (VALUES "
         "('incident', '{}', 'Uitgescholden in de pauze', 0), "
         "('conversation', '{\"with\": \"target\"}', 'Gesprek met de leerling', 2)) AS e (kind, attrs, text, after)")
    # The typed step change (incidents.services.cases): from, transition, outcome, protocol.
    step(cur, "timeline: step changes", "INSERT INTO incidents_timelineentry (organisation_id, case_id, kind, step, "
         "attrs, text, occurred_at, recorded_at, is_system, author_id, incident_category, is_serious, from_step, "
         "transition, outcome, protocol_key, protocol_version) "
         "SELECT pca.org, pca.id, 'step_change', paths.to_step, '{}', '', "
         "least(now(), pca.opened + (CASE paths.seq WHEN 1 THEN 3 WHEN 2 THEN 7 ELSE 40 END) * interval '1 day'), "
         "least(now(), pca.opened + (CASE paths.seq WHEN 1 THEN 3 WHEN 2 THEN 7 ELSE 40 END) * interval '1 day'), "
         "true, pca.mentor, '', false, paths.from_step, paths.transition, paths.outcome, 'six_step', 1 "
         "FROM pca JOIN paths ON paths.p = pca.c % 10 ORDER BY pca.id, paths.seq")
    step(cur, "cases: step_entered_seq", "UPDATE incidents_case c SET step_entered_seq = t.id, "
         "step_entered_at = t.occurred_at FROM (SELECT DISTINCT ON (e.case_id) e.case_id, e.id, e.occurred_at "
         "FROM incidents_timelineentry e JOIN pca ON pca.id = e.case_id WHERE e.kind = 'step_change' "
         "ORDER BY e.case_id, e.id DESC) t WHERE c.id = t.case_id")
    step(cur, "follow-ups (monitoring, four weeks)", "INSERT INTO incidents_followup (deadline_key, label_nl, "
         "label_en, owner_role, step, visit_seq, starts_on, due_on, explanation_nl, explanation_en, status, "
         "completion_note, created_at, case_id, organisation_id, owner_id) "
         "SELECT 'monitoring_four_weeks', %s, %s, 'mentor', 'monitoring', c.step_entered_seq, "
         "c.step_entered_at::date, c.step_entered_at::date + 28, '', '', "
         "CASE WHEN c.step_entered_at::date + 28 < current_date THEN 'overdue' ELSE 'open' END, '', "
         "c.step_entered_at, c.id, c.organisation_id, c.mentor_id FROM incidents_case c JOIN pca ON pca.id = c.id "
         "WHERE c.step = 'monitoring'", list(followup_label))
    step(cur, "survey rounds", "INSERT INTO monitoring_surveyround (organisation_id, name, instrument_key, "
         "instrument_version, opens_at, closes_at, min_group_size, class_signal_share, created_at, created_by_id) "
         "SELECT pb.org, 'Thermometer ' || r, 'thermometer', 1, now() - (r * 35 + 14) * interval '1 day', "
         "now() - r * 35 * interval '1 day', 10, 0.2, now() - (r * 35 + 20) * interval '1 day', co.id FROM pb "
         f"JOIN pu co ON co.org = pb.org AND co.k = {COORDINATOR}, generate_series(1, {ROUNDS}) r")
    cur.execute("CREATE TEMP TABLE prc (org uuid, round bigint, id bigint, branch bigint)")
    step(cur, "round classes", "WITH ins AS (INSERT INTO monitoring_roundclass (organisation_id, round_id, "
         f"school_class_id, branch_id, class_name, invited) SELECT r.organisation_id, r.id, c.id, c.branch_id, c.name, "
         f"{CLASS_SIZE} FROM pb JOIN monitoring_surveyround r ON r.organisation_id = pb.org "
         "JOIN people_schoolclass c ON c.organisation_id = pb.org "
         "RETURNING organisation_id, round_id, id, branch_id) INSERT INTO prc SELECT * FROM ins")
    cur.execute("ANALYZE prc")
    step(cur, "access codes (used)", "INSERT INTO monitoring_accesscode (digest, used, revoked, organisation_id, "
         "round_class_id, round_id) SELECT encode(sha256(('platform-code-' || prc.id || '-' || j)::bytea), 'hex'), "
         f"true, false, org, id, round FROM prc, generate_series(1, {CLASS_SIZE}) j")
    step(cur, "code index", "INSERT INTO monitoring_codeindex (digest, organisation_id) "
         "SELECT encode(sha256(('platform-code-' || prc.id || '-' || j)::bytea), 'hex'), org "
         f"FROM prc, generate_series(1, {CLASS_SIZE}) j")
    step(cur, "responses (released, 42 answers)", "INSERT INTO monitoring_response (id, organisation_id, round_id, "
         "round_class_id, branch_id, gender, answers, released) SELECT gen_random_uuid(), prc.org, prc.round, prc.id, "
         "prc.branch, tmpl.gender, tmpl.answers, true FROM prc CROSS JOIN tmpl")
    step(cur, "respondent counts", "INSERT INTO monitoring_respondentcount (organisation_id, round_id, "
         "round_class_id, gender, n, bullied) SELECT prc.org, prc.round, prc.id, t.gender, t.n, t.bullied "
         "FROM prc CROSS JOIN tmpl_resp t")
    step(cur, "result counts (42 items)", "INSERT INTO monitoring_resultcount (organisation_id, round_id, "
         "round_class_id, gender, item_key, n, total, high, a0, a1, a2, a3, a4, a5) SELECT prc.org, prc.round, "
         "prc.id, t.gender, t.item_key, t.n, t.total, t.high, t.a0, t.a1, t.a2, t.a3, t.a4, t.a5 "
         "FROM prc CROSS JOIN tmpl_item t")


# ------------------------------------------------------------------ indexes, checks, sizes


#: Unique constraints of the largest tables, dropped during the load and added after it
#: (PostgreSQL then builds each index once, sorted, instead of 10 million random inserts).
DEFERRED_CONSTRAINTS = ("monitoring_response_pkey", "monitoring_codeindex_pkey", "monitoring_accesscode_digest_key",
                        "result_count_once")


def defer_indexes(cur) -> None:
    """Drop the plain indexes and the unique constraints of the largest tables (kept in
    bench_deferred_index until rebuilt)."""
    cur.execute("CREATE TABLE IF NOT EXISTS bench_deferred_index (name text PRIMARY KEY, definition text)")
    cur.execute("INSERT INTO bench_deferred_index SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary "
                "ON CONFLICT DO NOTHING", [list(DEFERRED)])
    cur.execute("INSERT INTO bench_deferred_index SELECT conname, 'ALTER TABLE ' || conrelid::regclass || "
                "' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conname = ANY(%s) ON CONFLICT DO NOTHING", [list(DEFERRED_CONSTRAINTS)])
    cur.execute("SELECT name, definition FROM bench_deferred_index")
    for name, definition in cur.fetchall():
        if definition.startswith("ALTER TABLE"):
            table = definition.split()[2]
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT IF EXISTS "{name}"')
        else:
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')


def rebuild_indexes(cur) -> None:
    cur.execute("SELECT to_regclass('bench_deferred_index') IS NOT NULL")
    if not cur.fetchone()[0]:
        return
    cur.execute("SELECT name, definition FROM bench_deferred_index ORDER BY definition LIKE 'ALTER%%' DESC, name")
    for name, definition in cur.fetchall():
        started = time.perf_counter()
        if definition.startswith("ALTER TABLE"):
            cur.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(definition)
        else:
            cur.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        print(f"    index {name:<52} {time.perf_counter() - started:>7.1f} s", flush=True)
    cur.execute("DROP TABLE bench_deferred_index")


#: (child table, column, parent table): foreign keys the bulk load did not check per row.
CHECKS = [
    ("people_branch", "organisation_id", "people_organisation"),
    ("people_enrolment", "student_id", "people_student"),
    ("people_enrolment", "school_class_id", "people_schoolclass"),
    ("people_classmentor", "mentor_id", "people_user"),
    ("incidents_case", "mentor_id", "people_user"),
    ("incidents_participant", "student_id", "people_student"),
    ("incidents_participant", "case_id", "incidents_case"),
    ("incidents_signal", "case_id", "incidents_case"),
    ("incidents_timelineentry", "case_id", "incidents_case"),
    ("incidents_followup", "case_id", "incidents_case"),
    ("monitoring_roundclass", "school_class_id", "people_schoolclass"),
    ("monitoring_accesscode", "round_class_id", "monitoring_roundclass"),
    ("monitoring_response", "round_class_id", "monitoring_roundclass"),
    ("monitoring_response", "branch_id", "people_branch"),
    ("monitoring_resultcount", "round_class_id", "monitoring_roundclass"),
    ("monitoring_respondentcount", "round_class_id", "monitoring_roundclass"),
]


def check(cur) -> None:
    """Every reference the load wrote points at a row (what the skipped FK triggers check),
    and each tenant's rows point at rows of the same tenant."""
    bad = []
    for child, column, parent in CHECKS:
        cur.execute(f"SELECT count(*) FROM {child} c LEFT JOIN {parent} p ON p.id = c.{column} "  # noqa: S608
                    f"WHERE c.{column} IS NOT NULL AND (p.id IS NULL OR "
                    f"{'p.id <> c.organisation_id' if parent == 'people_organisation' else 'p.organisation_id <> c.organisation_id'})")
        if cur.fetchone()[0]:
            bad.append(f"{child}.{column}")
    cur.execute("SELECT count(*) FROM monitoring_resultcount rc JOIN monitoring_respondentcount r "
                "ON r.round_class_id = rc.round_class_id AND r.gender = rc.gender WHERE rc.n <> r.n")
    if cur.fetchone()[0]:
        bad.append("result counts vs respondents")
    if bad:
        raise SystemExit(f"broken references: {bad}")
    print("    references checked: every foreign key of the load points at a row of the same organisation")


SIZE_TABLES = ["people_organisation", "people_user", "people_student", "people_enrolment", "people_schoolclass",
               "incidents_case", "incidents_participant", "incidents_signal", "incidents_timelineentry",
               "incidents_followup", "monitoring_surveyround", "monitoring_roundclass", "monitoring_accesscode",
               "monitoring_codeindex", "monitoring_response", "monitoring_respondentcount", "monitoring_resultcount"]


def sizes(cur) -> None:
    print(f"  {'table':<30} {'rows':>12} {'table':>9} {'indexes':>9}")
    for table in SIZE_TABLES:
        cur.execute(f"SELECT count(*), pg_size_pretty(pg_table_size('{table}')), "  # noqa: S608 - fixed names
                    f"pg_size_pretty(pg_indexes_size('{table}')) FROM {table}")
        n, tsize, isize = cur.fetchone()
        print(f"  {table:<30} {n:>12,} {tsize:>9} {isize:>9}")
    cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
    print(f"  database size: {cur.fetchone()[0]}")


# ------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=1000, help="filler boards (the measured board is extra)")
    parser.add_argument("--batch", type=int, default=100, help="boards per statement")
    parser.add_argument("--no-measured-board", action="store_true")
    args = parser.parse_args()
    database_name()
    import django

    django.setup()
    from django.core.management import call_command

    print(f"load average at start: {os.getloadavg()}", flush=True)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate: {time.perf_counter() - t0:.0f} s", flush=True)
    _conn, cur = connect()
    from protocol.definitions import get_definition

    deadline = next(d for s in get_definition("six_step", 1).steps for d in s.deadlines if d.key == "monitoring_four_weeks")
    prepare(cur)
    cur.execute("SELECT count(*) FROM people_organisation WHERE slug LIKE 'platform-%%'")
    have = cur.fetchone()[0]
    if have % args.batch and have < args.boards:
        raise SystemExit(f"{have} filler boards present, not a whole batch: an interrupted batch? Remove them first.")
    t1 = time.perf_counter()
    if have < args.boards:
        defer_indexes(cur)
    for first in range(have + 1, args.boards + 1, args.batch):
        last = min(args.boards, first + args.batch - 1)
        started = time.perf_counter()
        print(f"  boards {first}-{last}", flush=True)
        cur.execute("BEGIN")
        fill(cur, first, last, (deadline.label.nl, deadline.label.en))
        cur.execute("COMMIT")
        print(f"  boards {first}-{last}: {time.perf_counter() - started:.0f} s, load {os.getloadavg()[0]:.1f}",
              flush=True)
    t2 = time.perf_counter()
    print("  rebuilding the deferred indexes", flush=True)
    rebuild_indexes(cur)
    t3 = time.perf_counter()
    check(cur)
    t4 = time.perf_counter()
    print(f"filler boards: {args.boards - have:,} in {t2 - t1:.0f} s, indexes {t3 - t2:.0f} s, checks {t4 - t3:.0f} s",
          flush=True)
    if not args.no_measured_board:
        import staff_pages  # the measured board, through the ORM (bench/staff_pages.py)

        started = time.perf_counter()
        staff_pages.seed()
        print(f"measured board (ORM): {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    from django.apps import apps

    from people.statistics import analyze_now

    cur.execute("SET session_replication_role = DEFAULT")
    for table in ("monitoring_response", "monitoring_resultcount", "monitoring_accesscode", "monitoring_codeindex",
                  "incidents_timelineentry", "people_student", "people_enrolment"):
        cur.execute(f"VACUUM {table}")
    t5 = time.perf_counter()
    analyze_now(m._meta.db_table for m in apps.get_models())
    print(f"VACUUM of the bulk-loaded tables {t5 - started:.0f} s, ANALYZE (as the owner, people.statistics) "
          f"{time.perf_counter() - t5:.0f} s", flush=True)
    print(f"total {time.perf_counter() - t0:.0f} s; load average {os.getloadavg()}")
    sizes(cur)


if __name__ == "__main__":
    main()
