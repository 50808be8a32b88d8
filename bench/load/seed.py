#!/usr/bin/env python
"""Seed the load-test database: one board, one branch of 2,000 students, 200 staff, open cases, codes.

* 67 classes of about 30 students (Student and Enrolment rows in bulk);
* 200 staff with one password: 134 mentors (two per class), 60 teachers, 6 coordinators;
* one open case (signal + case through the services) for every mentor, for a pupil of
  their class, so "Mijn zaken" and the case page have something to show;
* an open thermometer round for every class with one code per student (written, one a
  line, to --codes: they exist nowhere else in plain text, as with real slips).

Writes the staff (e-mail, kind, case ids, student ids of the branch) as JSON to --staff.
Run against the load database (bench/load/run.sh does).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import timezone  # noqa: E402

from incidents import services as case_services  # noqa: E402
from incidents.services import SignalStudentInput  # noqa: E402
from monitoring import services as monitoring_services  # noqa: E402
from monitoring.models import RoundClass  # noqa: E402
from people import services  # noqa: E402
from people.models import (  # noqa: E402
    Branch,
    ClassMentor,
    Enrolment,
    RoleAssignment,
    SchoolClass,
    SchoolYear,
    Student,
    User,
)
from people.roles import Role  # noqa: E402
from people.tenancy import tenant_context  # noqa: E402
from protocol import vocabulary as v  # noqa: E402

PASSWORD = "load-test-wachtwoord"  # pragma: allowlist secret  (a load-test account on a throw-away database)
FIRST = ["Sanne", "Daan", "Noor", "Luuk", "Emma", "Sem", "Julia", "Milan", "Tess", "Finn", "Lotte", "Jesse"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--class-size", type=int, default=30)
    parser.add_argument("--teachers", type=int, default=60)
    parser.add_argument("--coordinators", type=int, default=6)
    parser.add_argument("--codes", required=True)
    parser.add_argument("--staff", required=True)
    args = parser.parse_args()
    org = services.organisation_create(name="Stichting Belasting", slug="belasting")
    today = timezone.localdate()
    hashed = make_password(PASSWORD)
    staff_out: list[dict] = []
    with tenant_context(org):
        branch = Branch.objects.create(organisation=org, name="Vestiging Centrum", slug="centrum", city="Rotterdam")
        year = SchoolYear.objects.create(organisation=org, name="2026-2027", starts_on=today - dt.timedelta(days=90),
                                         ends_on=today + dt.timedelta(days=250))
        n_classes = -(-args.students // args.class_size)
        classes = SchoolClass.objects.bulk_create(
            SchoolClass(organisation=org, branch=branch, school_year=year, name=f"{1 + i % 4}{'ABCDEFGHIJKLMNOPQ'[i // 4]}")
            for i in range(n_classes))
        students = Student.objects.bulk_create(
            Student(organisation=org, branch=branch, external_id=f"L{i:05d}", first_name=FIRST[i % 12],
                    last_name=f"{LAST[(i // 12) % 12]} {i}", date_of_birth=dt.date(2012, 1, 1) + dt.timedelta(days=i % 900))
            for i in range(args.students))
        Enrolment.objects.bulk_create(
            Enrolment(organisation=org, student=s, school_class=classes[i // args.class_size], school_year=year)
            for i, s in enumerate(students))

        def person(local: str, name: str, role: str) -> User:
            user = User.objects.create(email=f"{local}@belasting.example", full_name=name, organisation=org,
                                       password=hashed)
            RoleAssignment.objects.create(organisation=org, user=user, role=role, branch=branch)
            return user

        coordinators = [person(f"coordinator{i}", f"Coördinator {i}", Role.COORDINATOR)
                        for i in range(args.coordinators)]
        for i in range(args.teachers):
            person(f"teacher{i}", f"Docent {i}", Role.TEACHER)
            staff_out.append({"email": f"teacher{i}@belasting.example", "kind": "teacher", "cases": []})
        by_class = {}
        for i, s in enumerate(students):
            by_class.setdefault(i // args.class_size, []).append(s)
        all_case_ids = []
        for c, school_class in enumerate(classes):
            pupils = by_class[c]
            for m in range(2):
                mentor = person(f"mentor{c}-{m}", f"Mentor {school_class.name}-{m}", Role.MENTOR)
                ClassMentor.objects.create(organisation=org, school_class=school_class, mentor=mentor)
                signal = case_services.signal_create(
                    organisation=org, branch=branch, reported_by=mentor,
                    description="Wordt buitengesloten in de groepsapp van de klas.", forms=["digital"],
                    students=[SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=pupils[m].pk),
                              SignalStudentInput(role=v.ParticipantRole.BULLY, student_id=pupils[m + 2].pk)])
                case = case_services.case_open(signal=signal, acting_user=coordinators[0], mentor=mentor,
                                               title=f"Groepsapp {school_class.name}")
                all_case_ids.append(case.pk)
                staff_out.append({"email": mentor.email, "kind": "mentor", "cases": [case.pk]})
        for coordinator in coordinators:
            staff_out.append({"email": coordinator.email, "kind": "coordinator", "cases": all_case_ids[:50]})

        now = timezone.now()
        survey = monitoring_services.round_create(
            organisation=org, acting_user=coordinators[0], name="Thermometer", opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=2), class_ids=[c.pk for c in classes])
        issued: list[str] = []
        for c, rc in enumerate(RoundClass.objects.filter(round=survey).order_by("school_class__pk")):
            issued += monitoring_services.codes_issue(round_class=rc, count=len(by_class[c]), acting_user=coordinators[0])
    Path(args.codes).write_text("\n".join(issued) + "\n")
    Path(args.staff).write_text(json.dumps({
        "password": PASSWORD, "branch": branch.pk, "students": [s.pk for s in students], "staff": staff_out,
    }))
    print(f"seeded {len(students)} students in {n_classes} classes, {len(staff_out)} staff, "
          f"{len(all_case_ids)} open cases, {len(issued)} codes; organisation {org.pk}")


if __name__ == "__main__":
    main()
