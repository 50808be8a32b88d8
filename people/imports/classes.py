"""Classes with their mentors, matched on vestiging + schooljaar + klas."""
from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ..models import AuditEvent, ClassMentor, RoleAssignment, SchoolClass, User
from ..roles import Role
from .plan import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    BranchIndex,
    Cells,
    ImportPlan,
    RowPlan,
    YearIndex,
    parse_grade,
)


def plan_classes(plan: ImportPlan, table, columns: dict[str, int], allowed: set[int]) -> None:
    org = plan.organisation_id
    branches = BranchIndex(org, allowed)
    years = YearIndex(org)
    classes = {(c.branch_id, c.school_year_id, c.name.strip().lower()): c for c in SchoolClass.objects.for_organisation(org)}
    mentors: dict[int, set[str]] = {}
    for class_id, email in ClassMentor.objects.for_organisation(org).values_list("school_class_id", "mentor__email"):
        mentors.setdefault(class_id, set()).add(email.lower())
    staff = {e.lower() for e in User.objects.filter(organisation_id=org).values_list("email", flat=True)}
    seen: dict[tuple, int] = {}
    uses_mentors = "mentor_email" in columns

    for number, raw in table.rows:
        cells = Cells(columns, raw)
        row = RowPlan(number=number)
        plan.rows.append(row)
        name = cells.text("school_class")
        row.label = name
        if not name:
            row.fail(_("De klas ontbreekt."))
        elif len(name) > 40:
            row.fail(_("De naam van de klas is langer dan 40 tekens."))
        branch = branches.resolve(cells.text("branch"), row)
        year = years.resolve(cells.text("school_year"), row)
        grade = None
        try:
            grade = parse_grade(cells.text("grade"))
        except ValueError:
            row.fail(_("Ongeldig leerjaar ‘%(value)s’; gebruik 1 tot en met 6.") % {"value": cells.text("grade")})
        wanted = [e.lower() for e in re.split(r"[;,\s]+", cells.text("mentor_email")) if e] if uses_mentors else []
        for email in wanted:
            if email not in staff:
                row.fail(_("Onbekende medewerker ‘%(email)s’: importeer eerst de medewerkers.") % {"email": email})
        if row.action == ERROR:
            continue
        key = (branch.pk, year.pk, name.lower())
        row.key = f"{branch.name} {year.name} {name}"
        if key in seen:
            row.fail(_("Klas %(name)s staat ook in rij %(row)s.") % {"name": name, "row": seen[key]})
            continue
        seen[key] = number
        row.values = {"branch_id": branch.pk, "school_year_id": year.pk, "name": name, "grade": grade,
                      "mentors": sorted(set(wanted)) if wanted else None}
        existing = classes.get(key)
        if existing is None:
            row.action = CREATE
            if wanted:
                row.changes.append(_("mentor: %(names)s") % {"names": ", ".join(sorted(set(wanted)))})
            continue
        row.values["id"] = existing.pk
        if grade is not None and existing.grade != grade:
            row.changes.append(f"{_('leerjaar')}: {existing.grade or '—'} → {grade}")
        if wanted and set(wanted) != mentors.get(existing.pk, set()):
            row.changes.append(_("mentor: %(old)s → %(new)s") % {
                "old": ", ".join(sorted(mentors.get(existing.pk, set()))) or "—", "new": ", ".join(sorted(set(wanted)))})
        row.action = UPDATE if row.changes else UNCHANGED


def apply_classes(plan: ImportPlan, *, audit_rows) -> dict:
    org = plan.organisation_id
    rows = [r for r in plan.rows if r.action in (CREATE, UPDATE)]
    new = [SchoolClass(organisation_id=org, branch_id=r.values["branch_id"], school_year_id=r.values["school_year_id"],
                       name=r.values["name"], grade=r.values["grade"]) for r in rows if r.action == CREATE]
    SchoolClass.objects.bulk_create(new)
    by_key = {(c.branch_id, c.school_year_id, c.name.strip().lower()): c for c in SchoolClass.objects.for_organisation(org)}
    regraded = []
    users = {u.email.lower(): u for u in User.objects.filter(organisation_id=org)}
    mentor_roles = set(RoleAssignment.objects.for_organisation(org).filter(role=Role.MENTOR).values_list("user_id", "branch_id"))
    added = removed = 0
    for r in rows:
        v = r.values
        school_class = by_key[(v["branch_id"], v["school_year_id"], v["name"].lower())]
        if r.action == UPDATE and v["grade"] is not None and school_class.grade != v["grade"]:
            school_class.grade = v["grade"]
            regraded.append(school_class)
        if v["mentors"] is None:
            continue
        wanted = {users[e].pk for e in v["mentors"]}
        links = ClassMentor.objects.for_organisation(org).filter(school_class=school_class)
        have = set(links.values_list("mentor_id", flat=True))
        removed += links.exclude(mentor_id__in=wanted).delete()[0]
        for mentor_id in wanted - have:
            ClassMentor.objects.create(organisation_id=org, school_class=school_class, mentor_id=mentor_id)
            added += 1
            # A mentor needs the mentor role at the branch to see their class (people.access).
            if (mentor_id, school_class.branch_id) not in mentor_roles:
                grant = RoleAssignment.objects.create(organisation_id=org, user_id=mentor_id, role=Role.MENTOR,
                                                      branch_id=school_class.branch_id)
                mentor_roles.add((mentor_id, school_class.branch_id))
                audit_rows(AuditEvent.Action.ROLE_GRANTED, "people.roleassignment", [grant.pk], source="import")
    SchoolClass.objects.bulk_update(regraded, ["grade"])
    audit_rows(AuditEvent.Action.CREATE, "people.schoolclass", [c.pk for c in new if c.pk], source="import")
    audit_rows(AuditEvent.Action.UPDATE, "people.schoolclass",
               [by_key[(r.values["branch_id"], r.values["school_year_id"], r.values["name"].lower())].pk
                for r in rows if r.action == UPDATE], source="import")
    return {"created": len(new), "updated": len([r for r in rows if r.action == UPDATE]),
            "mentors_added": added, "mentors_removed": removed}
