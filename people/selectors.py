"""Reads of sensitive people data, audited."""
from __future__ import annotations

from .access import get_student_for_user
from .audit import audit_log
from .models import AuditEvent, Enrolment, Student


def student_read(*, user, student_id, request=None) -> Student:
    """One student record for ``user`` (404 when not visible); the read is audited."""
    student = get_student_for_user(user, student_id)
    audit_log(action=AuditEvent.Action.READ, actor=user, obj=student, request=request)
    return student


def enrolments_of(student: Student):
    return (
        Enrolment.objects.for_organisation(student.organisation_id)
        .filter(student=student)
        .select_related("school_class", "school_year", "school_class__branch")
        .order_by("-school_year__starts_on")
    )
