#!/usr/bin/env python
"""EXPLAIN (ANALYZE, BUFFERS) of every query the staff pages and one survey submission run,
as the app runs them, on the platform-size database (bench/platform_data.py).

Each page is requested once through Django's test client as its user (the measured board
of bench/staff_pages.py); a wrapper around the connection runs, before each SELECT,
INSERT, UPDATE or DELETE, the same statement with the same parameters under
``EXPLAIN (ANALYZE, BUFFERS)`` inside a savepoint that is rolled back (so nothing is done
twice), in the request's own transaction: same role (``pestzaak_app``), same tenant
setting, same row-level security. The survey part opens a round for one class of the
measured board (``monitoring.services.round_create``/``codes_issue``), then starts a session
with a code and sends the answers through the anonymous API.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pz_h_platform python bench/platform_explain.py \\
        > bench/platform/explain.txt

Printed: per page the queries with their plans and times, and a summary that names every
sequential scan of a table that grows with the platform (none expected).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import staff_pages  # noqa: E402  (sets up Django and guards the database name)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

#: Tables that grow with the number of boards: a sequential scan of one is a finding.
GROWING = {
    "people_organisation", "people_user", "people_roleassignment", "people_branch", "people_schoolclass",
    "people_student", "people_enrolment", "people_classmentor", "incidents_case", "incidents_participant",
    "incidents_signal", "incidents_timelineentry", "incidents_followup", "monitoring_surveyround",
    "monitoring_roundclass", "monitoring_accesscode", "monitoring_codeindex", "monitoring_response",
    "monitoring_respondentcount", "monitoring_resultcount", "people_notification", "people_auditevent",
}
EXPLAINABLE = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.I)


class Explainer:
    """Before each statement: the same statement under EXPLAIN ANALYZE, rolled back."""

    def __init__(self):
        self.plans: list[tuple[str, str, float]] = []

    def __enter__(self):
        self._wrap = connection.execute_wrapper(self)
        self._wrap.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrap.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        if not many and EXPLAINABLE.match(sql):
            raw = context["connection"].connection
            in_transaction = context["connection"].in_atomic_block
            with raw.cursor() as cursor:
                cursor.execute("SAVEPOINT bench_explain" if in_transaction else "BEGIN")
                try:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                finally:
                    cursor.execute("ROLLBACK TO SAVEPOINT bench_explain" if in_transaction else "ROLLBACK")
            took = re.search(r"Execution Time: ([\d.]+) ms", plan)
            self.plans.append((sql, plan, float(took.group(1)) if took else 0.0))
        return execute(sql, params, many, context)


def seq_scans(plan: str) -> list[str]:
    return sorted({t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in GROWING})


def report(label: str, plans: list[tuple[str, str, float]], summary: list[str]) -> None:
    print(f"\n{'=' * 100}\n== {label}: {len(plans)} statements, "
          f"{sum(p[2] for p in plans):.1f} ms execution in PostgreSQL\n{'=' * 100}")
    found = []
    for n, (sql, plan, ms) in enumerate(plans, 1):
        scans = seq_scans(plan)
        found += scans
        print(f"\n-- [{n}] {ms:.2f} ms{'  SEQ SCAN: ' + ', '.join(scans) if scans else ''}\n-- {sql[:1500]}")
        print(plan)
    slowest = max(plans, key=lambda p: p[2]) if plans else ("", "", 0.0)
    summary.append(f"{label:<34} {len(plans):>3} statements {sum(p[2] for p in plans):>8.1f} ms  "
                   f"slowest {slowest[2]:>6.2f} ms  sequential scans of growing tables: {', '.join(sorted(set(found))) or 'none'}")


def survey(ids, summary) -> None:
    """A round for one class of the measured board, one code, a session, the answers."""
    from monitoring.instrument import load_instrument
    from monitoring.models import RoundClass
    from monitoring.services import codes_issue, round_create
    from people.models import SchoolClass
    from people.tenancy import tenant_context

    coordinator, org_id = ids["coordinator"], ids["branch"].organisation_id
    now = timezone.now()
    with tenant_context(org_id):
        school_class = SchoolClass.objects.filter(organisation_id=org_id, branch=ids["branch"]).order_by("pk").first()
        survey_round = round_create(organisation=org_id, acting_user=coordinator, name=f"Explain {now:%H%M%S}",
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
                                    class_ids=[school_class.pk])
        round_class = RoundClass.objects.get(round=survey_round)
        code = codes_issue(round_class=round_class, count=1, acting_user=coordinator)[0]
    client = Client()
    answers = {key: 1 for key in load_instrument().item_keys}
    with Explainer() as start:
        response = client.post(reverse("api-thermometer-session"), {"code": code}, content_type="application/json")
    assert response.status_code == 201, response.content
    token = response.json()["session"]
    report("survey: start with a code (claim)", start.plans, summary)
    with Explainer() as submit:
        response = client.post(reverse("api-thermometer-submit"), {"session": token, "answers": answers, "gender": "girl"},
                               content_type="application/json")
    assert response.status_code == 201, response.content
    report("survey: send the answers (insert)", submit.plans, summary)


def main() -> None:
    ids = staff_pages.seed()
    pages = {
        "case page (mentor)": ("mentor", reverse("incidents:case_detail", args=[ids["case"].pk])),
        "/zaken/ (coordinator)": ("coordinator", reverse("incidents:case_list")),
        "/mijn-zaken/ (mentor)": ("mentor", reverse("incidents:my_cases")),
        "start page (mentor)": ("mentor", reverse("home")),
        "start page (coordinator)": ("coordinator", reverse("home")),
        "branch dashboard (coordinator)": ("coordinator", reverse("monitoring:dashboard_branch", args=[ids["branch"].pk])),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"EXPLAIN (ANALYZE, BUFFERS) of every statement of the staff pages and a survey submission, "
          f"{timezone.now():%Y-%m-%d %H:%M} UTC, database {connection.settings_dict['NAME']} ({size}), "
          f"load average {os.getloadavg()[0]:.1f}")
    summary: list[str] = []
    for label, (who, url) in pages.items():
        client = Client()
        client.force_login(ids[who])
        assert client.get(url).status_code == 200
        with Explainer() as explained:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        report(f"{label}", explained.plans, summary)
    survey(ids, summary)
    print("\n" + "=" * 100 + "\nSUMMARY\n" + "\n".join(summary))


if __name__ == "__main__":
    main()
