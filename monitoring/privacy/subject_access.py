"""The subject-access export (inzageverzoek, AVG art. 15): everything Pestzaak holds about
one student, as JSON and as an A4 PDF, for management only, audited.

What is in it, and why
----------------------
* the student record and class history;
* every case the student is in, in any role, with every timeline entry (text and
  attributes), the evidence file list (names, types, sizes — not the files), the letters
  addressed about this student (a letter about another student is listed without its
  content) and the follow-up terms;
* every signal that names the student;
* the audit trail of the student's own record (who read or changed it, when).

Other students are a third party (art. 15(4): the right of access must not harm the rights
of others). Participants other than this student appear by their role only ("Andere
leerling — pester"), and their names are replaced by "[andere leerling]" wherever free
text (entries, signals, letters, file names) contains them. Staff names stay: they are the
school's own employees acting in their role.

The confidential adviser's notes are the adviser's personal working notes
(werkaantekeningen): they are not part of the dossier, are visible to their author alone,
and the Dutch courts treat such personal working notes as outside the right of access
(they are not meant for anyone else). The export says how many notes exist, not what they
say. The board's privacy officer (FG) can review a note with the adviser if a request
needs it. Anonymous survey answers are not linked to a student and cannot be exported.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incidents.models import (
    Case,
    ConfidentialNote,
    Evidence,
    FollowUp,
    Letter,
    Participant,
    Signal,
    SignalStudent,
    TimelineEntry,
)
from incidents.vocab import label
from people.audit import AuditContext, audit_log
from people.documents.models import DocumentJob
from people.documents.services import document_job_create
from people.models import AuditEvent, Enrolment, Student
from protocol import vocabulary as v

from ..documents import SUBJECT_ACCESS
from .access import get_export_student_for_user

REDACTED = "[andere leerling]"
STYLESHEET = "css/privacy-print.css"


# --- redaction ----------------------------------------------------------------------------
@dataclass
class Redactor:
    """Replaces other students' names (full name, first and last name as whole words)."""

    pattern: re.Pattern | None

    @classmethod
    def for_names(cls, students) -> Redactor:
        words: set[str] = set()
        for s in students:
            for part in (s.full_name, s.first_name, s.last_name, " ".join(p for p in (s.infix, s.last_name) if p)):
                if part and len(part.strip()) >= 2:
                    words.add(part.strip())
        if not words:
            return cls(None)
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return cls(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))

    def text(self, value):
        if self.pattern is None or not isinstance(value, str):
            return value
        return self.pattern.sub(REDACTED, value)

    def attrs(self, value):
        if isinstance(value, dict):
            return {k: self.attrs(item) for k, item in value.items()}
        if isinstance(value, list):
            return [self.attrs(item) for item in value]
        return self.text(value)


def _dt(value):
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


def _role(key: str) -> str:
    return label(v.ParticipantRole, key)


# --- building the export ------------------------------------------------------------------
def _case_block(case: Case, student: Student, org_id) -> dict:
    participants = list(Participant.objects.for_organisation(org_id).filter(case=case).select_related("student"))
    others = [p.student for p in participants if p.student_id and p.student_id != student.pk]
    redact = Redactor.for_names(others)
    own = [p for p in participants if p.student_id == student.pk]
    entries = list(TimelineEntry.objects.for_organisation(org_id).filter(case=case).select_related("author").order_by("id"))
    evidence = list(Evidence.objects.for_organisation(org_id).filter(entry__case=case).order_by("id"))
    by_entry: dict[int, list[Evidence]] = {}
    for item in evidence:
        by_entry.setdefault(item.entry_id, []).append(item)
    letters = list(Letter.objects.for_organisation(org_id).filter(case=case).select_related("participant").order_by("id"))
    own_ids = {p.pk for p in own}
    return {
        "reference": case.reference,
        "title": redact.text(case.title),
        "branch": case.branch.name,
        "step": case.step,
        "closed": case.is_closed,
        "opened_at": _dt(case.opened_at),
        "closed_at": _dt(case.closed_at),
        "forms": [label(v.BullyingForm, f) for f in case.forms],
        "roles_of_student": [_role(p.role) for p in own],
        "participants": [
            {"who": student.full_name if p.student_id == student.pk else _("Andere leerling") if p.student_id
             else _("Iemand zonder leerlingrecord"),
             "role": _role(p.role)}
            for p in participants
        ],
        "entries": [
            {
                "id": e.pk,
                "kind": label(v.RecordKind, e.kind),
                "step": e.step,
                "occurred_at": _dt(e.occurred_at),
                "recorded_at": _dt(e.recorded_at),
                "author": e.author.full_name if e.author_id else (_("Systeem") if e.is_system else ""),
                "text": redact.text(e.text),
                "attrs": redact.attrs(e.attrs),
                # A step change: where from, and what it meant (the typed record).
                **({"from_step": e.from_step, "outcome": label(v.TransitionOutcome, e.outcome)}
                   if e.kind == TimelineEntry.STEP_CHANGE else {}),
                "corrects": e.corrects_id,
                "evidence": [
                    {"name": redact.text(x.original_name), "content_type": x.content_type, "size": x.size,
                     "uploaded_at": _dt(x.uploaded_at)}
                    for x in by_entry.get(e.pk, [])
                ],
            }
            for e in entries
        ],
        "letters": [
            {
                "kind": lt.get_kind_display(), "status": lt.get_status_display(), "created_at": _dt(lt.created_at),
                "sent_at": _dt(lt.sent_at),
                **({"subject": redact.text(lt.subject), "body": redact.text(lt.body)}
                   if lt.participant_id is None or lt.participant_id in own_ids
                   else {"note": _("Brief over een andere betrokkene; de inhoud is niet opgenomen.")}),
            }
            for lt in letters
        ],
        "followups": [
            {"label": f.label_nl, "due_on": f.due_on.isoformat(), "status": f.get_status_display()}
            for f in FollowUp.objects.for_organisation(org_id).filter(case=case).order_by("due_on", "id")
        ],
        "confidential_notes": ConfidentialNote.objects.for_organisation(org_id).filter(case=case).count(),
    }


def _signal_block(signal: Signal, student: Student, org_id) -> dict:
    named = list(SignalStudent.objects.for_organisation(org_id).filter(signal=signal).select_related("student"))
    redact = Redactor.for_names([s.student for s in named if s.student_id and s.student_id != student.pk])
    return {
        "id": signal.pk,
        "reported_at": _dt(signal.reported_at),
        "source": signal.get_source_display(),
        "status": signal.get_status_display(),
        "branch": signal.branch.name,
        "occurred_on": signal.occurred_on.isoformat() if signal.occurred_on else None,
        "place": redact.text(signal.place),
        "description": redact.text(signal.description),
        "roles_of_student": [_role(s.role) for s in named if s.student_id == student.pk],
        "case": signal.case.reference if signal.case_id else None,
    }


def subject_access_data(student: Student) -> dict:
    """Everything held about ``student`` (call as the student's organisation)."""
    org_id = student.organisation_id
    case_ids = Participant.objects.for_organisation(org_id).filter(student=student).values("case_id")
    cases = Case.objects.for_organisation(org_id).filter(pk__in=case_ids).select_related("branch").order_by("opened_at", "id")
    signal_ids = SignalStudent.objects.for_organisation(org_id).filter(student=student).values("signal_id")
    signals = (Signal.objects.for_organisation(org_id).filter(pk__in=signal_ids)
               .select_related("branch", "case").order_by("reported_at", "id"))
    audit = (AuditEvent.objects.filter(organisation_id=org_id)
             .filter(Q(object_type="people.student", object_id=str(student.pk)))
             .select_related("actor").order_by("at", "id"))
    enrolments = (Enrolment.objects.for_organisation(org_id).filter(student=student)
                  .select_related("school_class", "school_year").order_by("school_year__starts_on"))
    with translation.override("nl"):
        return {
            "generated_at": _dt(timezone.now()),
            "organisation": student.organisation.name,
            "student": {
                "id": student.pk,
                "name": student.full_name,
                "student_number": student.external_id,
                "date_of_birth": student.date_of_birth.isoformat() if student.date_of_birth else None,
                "branch": student.branch.name,
                "left_on": student.left_on.isoformat() if student.left_on else None,
            },
            "enrolments": [{"school_year": e.school_year.name, "class": e.school_class.name} for e in enrolments],
            "cases": [_case_block(case, student, org_id) for case in cases],
            "signals": [_signal_block(signal, student, org_id) for signal in signals],
            "audit": [
                {"at": _dt(a.at), "action": a.get_action_display(), "by": a.actor.full_name if a.actor_id else ""}
                for a in audit
            ],
        }


def subject_access_export(*, user, student_id, audit: AuditContext | None = None) -> tuple[bytes, str, str]:
    """The export as JSON (content, content type, file name); 404 for whoever may not make it.
    The PDF is a document job: ``subject_access_pdf_queue``."""
    student = get_export_student_for_user(user, student_id)
    data = subject_access_data(student)
    audit_log(action=AuditEvent.Action.EXPORT, actor=user, obj=student, audit=audit,
              export="subject_access_json")
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")
    return body, "application/json; charset=utf-8", f"inzage-leerling-{student.pk}.json"


def subject_access_pdf_queue(*, user, student_id, audit: AuditContext | None = None) -> DocumentJob:
    """Queue the export as PDF (laid out by a document job, monitoring.documents), audited as
    the export always was; the download is audited again."""
    student = get_export_student_for_user(user, student_id)
    with transaction.atomic():
        audit_log(action=AuditEvent.Action.EXPORT, actor=user, obj=student, audit=audit,
                  export="subject_access_pdf")
        return document_job_create(kind=SUBJECT_ACCESS, acting_user=user, params={"student_id": student.pk},
                                   title=_("Inzageverzoek %(name)s") % {"name": student.full_name})


def _no_fetch(url: str, *args, **kwargs):
    # Self-contained document: user text must never make the renderer fetch anything.
    raise ValueError(f"Niet toegestaan om op te halen: {url}")


def _readable(value, key: str = ""):
    """For the PDF: ISO moments ("…_at") as "22-11-2026 09:13", dates as "22-11-2026"."""
    if isinstance(value, dict):
        return {k: _readable(item, k) for k, item in value.items()}
    if isinstance(value, list):
        return [_readable(item, key) for item in value]
    if isinstance(value, str) and value and (key.endswith("_at") or key == "at"):
        return dt.datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, str) and value and (key.endswith("_on") or key == "date_of_birth"):
        return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
    return value


def render_subject_access_pdf(data: dict) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when an export is rendered

    with translation.override("nl"):
        html = render_to_string("monitoring/privacy/subject_access_pdf.html", {"data": _readable(data)})
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_no_fetch)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=[stylesheet])
