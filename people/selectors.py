"""Reads of sensitive people data, audited."""
from __future__ import annotations

from .access import get_student_for_user
from .audit import AuditContext, audit_log
from .models import AuditEvent, Enrolment, Student


def student_read(*, user, student_id, audit: AuditContext | None = None) -> Student:
    """One student record for ``user`` (404 when not visible); the read is audited."""
    student = get_student_for_user(user, student_id)
    audit_log(action=AuditEvent.Action.READ, actor=user, obj=student, audit=audit)
    return student


def enrolments_of(student: Student):
    return (
        Enrolment.objects.for_organisation(student.organisation_id)
        .filter(student=student)
        .select_related("school_class", "school_year", "school_class__branch")
        .order_by("-school_year__starts_on")
    )


def this_year_first(prefix: str = "school_year", *, today=None):
    """An ordering expression: 0 for rows whose school year (``prefix``, a path to a
    SchoolYear) runs today, 1 for the rest, so lists put this school year's classes or
    students before last year's (issue 17, item 5)."""
    from django.db.models import Case, IntegerField, Q, Value, When
    from django.utils import timezone

    today = today or timezone.localdate()
    return Case(
        When(Q(**{f"{prefix}__starts_on__lte": today, f"{prefix}__ends_on__gte": today}), then=Value(0)),
        default=Value(1), output_field=IntegerField(),
    )


def class_choices(classes, *, today=None) -> list:
    """Class choices for filters: this school year's classes grouped by branch, first;
    other school years' classes after them in one group, newest year first (issue 17,
    item 5: last year's empty classes do not come first). ``classes`` need school_year
    and branch selected."""
    import datetime as _dt

    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    current: dict[str, list] = {}
    older: list = []
    for c in sorted(classes, key=lambda c: (c.branch.name, c.name)):
        year = c.school_year
        if year.starts_on <= today <= year.ends_on:
            current.setdefault(c.branch.name, []).append((c.pk, c.name))
        else:
            older.append(c)
    groups: list = [(branch, items) for branch, items in current.items()]
    if older:
        older.sort(key=lambda c: (-(c.school_year.starts_on - _dt.date(2000, 1, 1)).days, c.branch.name, c.name))
        groups.append((_("Andere schooljaren"),
                       [(c.pk, f"{c.name} ({c.branch.name}, {c.school_year.name})") for c in older]))
    return groups
