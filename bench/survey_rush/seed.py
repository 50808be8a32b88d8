#!/usr/bin/env python
"""Seed the survey-rush database: one board, one branch, 67 classes, an open round, 2,000 codes.

Writes the codes (one a line) to the file given with --codes; they exist nowhere else in
plain text, as with real slips. Run against the DATABASE_URL of the rush (bench/survey_rush/run.sh).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from monitoring import services as monitoring_services  # noqa: E402
from monitoring.models import RoundClass  # noqa: E402
from people import services  # noqa: E402
from people.models import Branch, RoleAssignment, SchoolClass, SchoolYear, User  # noqa: E402
from people.roles import Role  # noqa: E402
from people.tenancy import tenant_context  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--class-size", type=int, default=30)
    parser.add_argument("--codes", required=True)
    args = parser.parse_args()
    org = services.organisation_create(name="Stichting Survey Rush", slug="survey-rush")
    today = timezone.localdate()
    with tenant_context(org):
        branch = Branch.objects.create(organisation=org, name="Vestiging Centrum", slug="centrum", city="Rotterdam")
        year = SchoolYear.objects.create(organisation=org, name="rush", starts_on=today - dt.timedelta(days=30),
                                         ends_on=today + dt.timedelta(days=300))
        coordinator = User.objects.create_user(email="coordinator@rush.example", password="rush-rush-rush",
                                               organisation=org, full_name="Co Ordinator")
        RoleAssignment.objects.create(organisation=org, user=coordinator, role=Role.COORDINATOR, branch=branch)
        n_classes = -(-args.students // args.class_size)
        classes = [SchoolClass.objects.create(organisation=org, branch=branch, school_year=year, name=f"{1 + i % 6}R{i}")
                   for i in range(n_classes)]
        now = timezone.now()
        survey = monitoring_services.round_create(
            organisation=org, acting_user=coordinator, name="Survey rush", opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=2), class_ids=[c.pk for c in classes],
        )
        issued: list[str] = []
        remaining = args.students
        for rc in RoundClass.objects.filter(round=survey).order_by("pk"):
            count = min(args.class_size, remaining)
            if count <= 0:
                break
            for start in range(0, count, 60):  # codes_issue makes at most 60 at a time
                issued += monitoring_services.codes_issue(round_class=rc, count=min(60, count - start), acting_user=coordinator)
            remaining -= count
    Path(args.codes).write_text("\n".join(issued) + "\n")
    print(f"seeded {len(issued)} codes in {n_classes} classes; round {survey.pk}; organisation {org.pk}")


if __name__ == "__main__":
    main()
