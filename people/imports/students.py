"""Students (leerlingen) from the student information system, matched on the leerlingnummer."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AuditEvent, Enrolment, SchoolClass, Student
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
    parse_date,
    parse_grade,
)

FIELD_LABELS = {
    "first_name": gettext_lazy("roepnaam"),
    "infix": gettext_lazy("tussenvoegsel"),
    "last_name": gettext_lazy("achternaam"),
    "date_of_birth": gettext_lazy("geboortedatum"),
}


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    return value.strftime("%d-%m-%Y") if hasattr(value, "strftime") else str(value)


def plan_students(plan: ImportPlan, table, columns: dict[str, int], allowed: set[int]) -> None:
    org = plan.organisation_id
    branches = BranchIndex(org, allowed)
    years = YearIndex(org)
    existing = {s.external_id: s for s in Student.objects.for_organisation(org)}
    uses_class = "school_class" in columns
    classes: dict[tuple, SchoolClass] = {}
    placed: dict[tuple[int, int], tuple[int, str]] = {}  # (student, year) -> (class id, name)
    if uses_class:
        for c in SchoolClass.objects.for_organisation(org):
            classes[(c.branch_id, c.school_year_id, c.name.strip().lower())] = c
        for e in Enrolment.objects.for_organisation(org).values("student_id", "school_year_id", "school_class_id", "school_class__name"):
            placed[(e["student_id"], e["school_year_id"])] = (e["school_class_id"], e["school_class__name"])
    branch_names = {b.pk: b.name for b in branches.all}
    seen: dict[str, int] = {}
    new_classes: dict[tuple, dict] = {}

    for number, raw in table.rows:
        cells = Cells(columns, raw)
        row = RowPlan(number=number)
        plan.rows.append(row)
        ext = cells.text("external_id")
        row.key = ext
        values = {
            "first_name": cells.text("first_name"),
            "infix": cells.text("infix"),
            "last_name": cells.text("last_name"),
        }
        row.label = " ".join(v for v in (values["first_name"], values["infix"], values["last_name"]) if v)
        if not ext:
            row.fail(_("Het leerlingnummer ontbreekt."))
        elif ext in seen:
            row.fail(_("Leerlingnummer %(id)s staat ook in rij %(row)s.") % {"id": ext, "row": seen[ext]})
        else:
            seen[ext] = number
        if len(ext) > 64:
            row.fail(_("Het leerlingnummer is langer dan 64 tekens."))
        if not values["first_name"]:
            row.fail(_("De roepnaam ontbreekt."))
        if not values["last_name"]:
            row.fail(_("De achternaam ontbreekt."))
        for key, limit in (("first_name", 100), ("infix", 30), ("last_name", 100)):
            if len(values[key]) > limit:
                row.fail(_("De %(field)s is langer dan %(limit)s tekens.") % {"field": FIELD_LABELS[key], "limit": limit})
        raw_date = cells.get("date_of_birth")
        values["date_of_birth"] = None
        if raw_date not in ("", None):
            try:
                values["date_of_birth"] = parse_date(raw_date)
            except ValueError:
                row.fail(_("Ongeldige geboortedatum ‘%(value)s’; gebruik dd-mm-jjjj.") % {"value": raw_date})
        branch = branches.resolve(cells.text("branch"), row)
        grade = None
        try:
            grade = parse_grade(cells.text("grade"))
        except ValueError:
            row.fail(_("Ongeldig leerjaar ‘%(value)s’; gebruik 1 tot en met 6.") % {"value": cells.text("grade")})
        class_name = cells.text("school_class") if uses_class else ""
        year = years.resolve(cells.text("school_year"), row) if class_name else None

        student = existing.get(ext)
        if student is not None and student.branch_id not in allowed:
            row.fail(_("Leerling %(id)s hoort bij een vestiging waarvoor u niet mag importeren.") % {"id": ext})
        if row.action == ERROR:
            continue

        values["branch_id"] = branch.pk
        row.values = values
        if class_name and year is not None:
            class_key = (branch.pk, year.pk, class_name.lower())
            row.values["class_key"] = list(class_key)
            if class_key not in classes and class_key not in new_classes:
                new_classes[class_key] = {"branch_id": branch.pk, "school_year_id": year.pk, "name": class_name,
                                          "grade": grade or _grade_from_name(class_name)}
        if student is None:
            row.action = CREATE
            if class_name:
                row.changes.append(_("klas %(name)s") % {"name": class_name})
            continue
        for key, label in FIELD_LABELS.items():
            if getattr(student, key) != values[key]:
                row.changes.append(f"{label}: {_show(getattr(student, key))} → {_show(values[key])}")
        if student.branch_id != branch.pk:
            row.changes.append(_("vestiging: %(old)s → %(new)s") % {"old": branch_names.get(student.branch_id, "—"), "new": branch.name})
        if student.left_on is not None:
            row.changes.append(_("weer ingeschreven (was uitgeschreven op %(date)s)") % {"date": _show(student.left_on)})
        if class_name and year is not None:
            current = placed.get((student.pk, year.pk))
            target = classes.get((branch.pk, year.pk, class_name.lower()))
            if current is None or target is None or current[0] != target.pk:
                row.changes.append(_("klas: %(old)s → %(new)s") % {"old": current[1] if current else "—", "new": class_name})
        row.action = UPDATE if row.changes else UNCHANGED
        row.values["id"] = student.pk

    if new_classes:
        plan.extra["new_classes"] = [dict(v, key=list(k)) for k, v in sorted(new_classes.items())]
        plan.notes.append(
            _("Nieuwe klassen: %(names)s.") % {"names": ", ".join(sorted(v["name"] for v in new_classes.values()))}
        )


def _grade_from_name(name: str) -> int | None:
    return int(name[0]) if name[:1].isdigit() and 1 <= int(name[0]) <= 6 else None


def apply_students(plan: ImportPlan, *, audit_rows) -> dict:
    org = plan.organisation_id
    created_classes = [
        SchoolClass(organisation_id=org, branch_id=c["branch_id"], school_year_id=c["school_year_id"],
                    name=c["name"], grade=c["grade"])
        for c in plan.extra.get("new_classes", [])
    ]
    SchoolClass.objects.bulk_create(created_classes, batch_size=500)
    audit_rows(AuditEvent.Action.CREATE, "people.schoolclass",
               [c.pk for c in created_classes if c.pk] or [], source="import")

    creates = [r for r in plan.rows if r.action == CREATE]
    updates = [r for r in plan.rows if r.action == UPDATE]
    new_students = [
        Student(organisation_id=org, external_id=r.key, first_name=r.values["first_name"], infix=r.values["infix"],
                last_name=r.values["last_name"], date_of_birth=r.values["date_of_birth"], branch_id=r.values["branch_id"])
        for r in creates
    ]
    Student.objects.bulk_create(new_students, batch_size=1000)
    by_ext = dict(Student.objects.for_organisation(org).filter(external_id__in=[r.key for r in creates]).values_list("external_id", "pk")) if creates else {}

    changed = Student.objects.for_organisation(org).in_bulk([r.values["id"] for r in updates])
    for r in updates:
        student = changed[r.values["id"]]
        for key in ("first_name", "infix", "last_name", "date_of_birth", "branch_id"):
            setattr(student, key, r.values[key])
        student.left_on = None
    Student.objects.bulk_update(list(changed.values()),
                                ["first_name", "infix", "last_name", "date_of_birth", "branch_id", "left_on"], batch_size=1000)

    placements = [r for r in creates + updates if "class_key" in r.values]
    moved = 0
    if placements:
        classes = {
            (c.branch_id, c.school_year_id, c.name.strip().lower()): c.pk
            for c in SchoolClass.objects.for_organisation(org)
        }
        current = {
            (e.student_id, e.school_year_id): e
            for e in Enrolment.objects.for_organisation(org).filter(
                school_year_id__in={r.values["class_key"][1] for r in placements})
        }
        new_enrolments, moved_enrolments = [], []
        for r in placements:
            branch_id, year_id, name = r.values["class_key"]
            class_id = classes[(branch_id, year_id, name)]
            student_id = r.values.get("id") or by_ext[r.key]
            enrolment = current.get((student_id, year_id))
            if enrolment is None:
                new_enrolments.append(Enrolment(organisation_id=org, student_id=student_id, school_class_id=class_id,
                                                school_year_id=year_id))
            elif enrolment.school_class_id != class_id:
                enrolment.school_class_id = class_id
                moved_enrolments.append(enrolment)
        Enrolment.objects.bulk_create(new_enrolments, batch_size=1000)
        Enrolment.objects.bulk_update(moved_enrolments, ["school_class_id"], batch_size=1000)
        moved = len(new_enrolments) + len(moved_enrolments)

    audit_rows(AuditEvent.Action.CREATE, "people.student", list(by_ext.values()), source="import")
    audit_rows(AuditEvent.Action.UPDATE, "people.student", [r.values["id"] for r in updates], source="import")
    return {"created": len(creates), "updated": len(updates), "classes_created": len(created_classes),
            "placed": moved}
