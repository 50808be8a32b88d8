"""A student's dossier: every case the student is part of, in any role (seed 000 §5.3)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from incidents import selectors
from incidents.patterns import student_chronology
from people.audit import audit_context
from people.selectors import enrolments_of, student_read
from protocol import vocabulary as v

from ..vocab import label
from .common import step_text


@login_required
def student_cases(request, student_id: int):
    student = student_read(user=request.user, student_id=student_id, audit=audit_context(request))  # 404 when not visible
    rows = [
        {"participant": p, "case": p.case, "role": label(v.ParticipantRole, p.role), "step": step_text(p.case)}
        for p in selectors.student_cases(student, request.user)
    ]
    return render(
        request, "incidents/student_cases.html",
        {"student": student, "enrolments": enrolments_of(student), "rows": rows,
         "chronology": student_chronology(student, request.user)},
    )
