"""The monitoring app's documents, made by people.documents' Celery job, never in a request:

* ``survey_slips``    the slips of one class: the job issues the codes and lays them out in
                      one transaction (a failed layout issues no codes); the codes travel
                      in no message and no job row, only in the PDF file, which is kept in
                      private storage until the job expires (settings.DOCUMENT_JOB_TTL_HOURS);
* ``subject_access``  the subject-access export of one student as PDF (the JSON is quick
                      and stays a direct download).

Each kind checks the same rule the page used to check, when the job is queued, when it
runs, and on the job page and download (a right withdrawn in between counts).
"""
from __future__ import annotations

from django.urls import reverse

from people.documents import registry
from people.documents.registry import DocumentKind, Rendered

SURVEY_SLIPS = "survey_slips"
SUBJECT_ACCESS = "subject_access"


def slips_round_class(user, params: dict):
    from . import access

    survey = access.get_round_for_user(user, params["round_id"], permission=access.MANAGE_ROUNDS)
    return access.get_round_class_for_user(user, survey, params["round_class_id"])


def _slips_check(user, job) -> None:
    slips_round_class(user, job.params)


def _slips_render(job) -> Rendered:
    from . import services, slips

    round_class = slips_round_class(job.requested_by, job.params)
    issued = services.codes_issue_for_queued_slips(round_class=round_class, count=job.params["count"], acting_user=job.requested_by)
    pdf = slips.render_slips_pdf(codes=issued, round_class=round_class, base=job.params.get("base") or None)
    return Rendered(pdf, slips.filename(round_class))


def _slips_back(job) -> str:
    return reverse("monitoring:round_detail", args=[job.params["round_id"]])


def _subject_check(user, job) -> None:
    from .privacy.access import get_export_student_for_user

    get_export_student_for_user(user, job.params["student_id"])


def _subject_render(job) -> Rendered:
    from .privacy.access import get_export_student_for_user
    from .privacy.subject_access import render_subject_access_pdf, subject_access_data

    student = get_export_student_for_user(job.requested_by, job.params["student_id"])
    return Rendered(render_subject_access_pdf(subject_access_data(student)), f"inzage-leerling-{student.pk}.pdf")


def _subject_back(job) -> str:
    return reverse("monitoring:privacy_student", args=[job.params["student_id"]])


def register() -> None:
    registry.register(DocumentKind(SURVEY_SLIPS, _slips_render, _slips_check, _slips_back))
    registry.register(DocumentKind(SUBJECT_ACCESS, _subject_render, _subject_check, _subject_back))
