"""Writes for the public reporting channel: a report becomes a signal for the coordinator.

Nothing here stores an IP address, a cookie or anything else that identifies the device.
The audit trail gets its rows without a request (so without an address) and without an
actor: the reporter is nobody we know, unless they chose to give a name.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, Branch, RoleAssignment
from people.notifications import notify
from people.roles import Role
from protocol import vocabulary as v

from .. import access
from ..models import PublicReport, PublicReportMessage, Signal
from ..services.signals import SignalStudentInput, signal_create
from . import receipts

MAX_TEXT = 5000
MAX_SHORT = 200

NEED_DESCRIPTION = gettext_lazy("Schrijf op wat er is gebeurd. Een paar zinnen is genoeg.")
TOO_LONG = gettext_lazy("Je tekst is te lang: maximaal %(max)s tekens. Maak hem wat korter.")
NEED_NAME = gettext_lazy("Je koos ‘met mijn naam’. Vul je naam in, of kies ‘anoniem’.")
ANONYMOUS_WITH_NAME = gettext_lazy("Je koos ‘anoniem’, maar vulde toch een naam of contactgegeven in. Kies ‘met mijn naam’, of maak die velden leeg.")
FUTURE_DATE = gettext_lazy("Deze datum ligt in de toekomst. Kies de dag waarop het gebeurde.")
NEED_MESSAGE = gettext_lazy("Schrijf eerst je bericht.")
NEED_REPLY = gettext_lazy("Schrijf eerst uw antwoord.")

#: How the coordinator reads "who is being bullied" when the reporter wrote no name.
ABOUT_LABELS = {
    "me": gettext_lazy("de melder zelf"),
    "my_child": gettext_lazy("het kind van de melder"),
    "someone_else": gettext_lazy("iemand anders (zie de melding)"),
}


@dataclass(frozen=True)
class ReportInput:
    reporter_kind: str
    about: str
    description: str
    target: str = ""
    bully: str = ""
    place: str = ""
    occurred_on: dt.date | None = None
    anonymous: bool = True
    reporter_name: str = ""
    reporter_contact: str = ""


def _check(data: ReportInput) -> None:
    errors: dict[str, str] = {}
    if data.reporter_kind not in PublicReport.ReporterKind.values:
        errors["reporter_kind"] = _("Kies wie je bent.")
    if data.about not in ABOUT_LABELS:
        errors["about"] = _("Kies over wie het gaat.")
    if not data.description.strip():
        errors["description"] = str(NEED_DESCRIPTION)
    elif len(data.description) > MAX_TEXT:
        errors["description"] = str(TOO_LONG) % {"max": MAX_TEXT}
    for name in ("target", "bully", "place", "reporter_name", "reporter_contact"):
        if len(getattr(data, name)) > MAX_SHORT:
            errors[name] = str(TOO_LONG) % {"max": MAX_SHORT}
    if data.anonymous and (data.reporter_name.strip() or data.reporter_contact.strip()):
        errors["reporter_name"] = str(ANONYMOUS_WITH_NAME)
    if not data.anonymous and not data.reporter_name.strip():
        errors["reporter_name"] = str(NEED_NAME)
    if data.occurred_on and data.occurred_on > timezone.localdate():
        errors["occurred_on"] = str(FUTURE_DATE)
    if errors:
        raise ValidationError(errors)


def branch_coordinators(branch: Branch) -> list:
    """Who hears of a public report: the branch's coordinators, else the board coordinators."""
    rows = RoleAssignment.objects.for_organisation(branch.organisation_id).select_related("user")
    found = [r.user for r in rows.filter(role=Role.COORDINATOR, branch=branch) if r.user.is_active]
    return found or [r.user for r in rows.filter(role=Role.BOARD_COORDINATOR) if r.user.is_active]


def _report_url(report: PublicReport) -> str:
    return reverse("public_report:staff_detail", args=[report.pk])


def report_create(*, branch: Branch, data: ReportInput) -> tuple[PublicReport, str]:
    """Turn a public report into a new signal of the branch; returns the report and its
    receipt code in plain text (to show once; only its keyed hash is kept)."""
    _check(data)
    org_id = branch.organisation_id
    target = data.target.strip() or str(ABOUT_LABELS[data.about])
    students = [SignalStudentInput(role=v.ParticipantRole.TARGET, description=target[:MAX_SHORT])]
    if data.bully.strip():
        students.append(SignalStudentInput(role=v.ParticipantRole.BULLY, description=data.bully.strip()))
    with transaction.atomic():
        # No request: the audit row must not carry the reporter's address.
        signal = signal_create(
            organisation=org_id, branch=branch, reported_by=None, description=data.description,
            students=students, occurred_on=data.occurred_on, place=data.place,
            source=Signal.Source.PUBLIC_REPORT,
        )
        for _attempt in range(5):
            code = receipts.new_receipt()
            try:
                with transaction.atomic():
                    report = PublicReport.objects.create(
                        organisation_id=org_id, signal=signal, receipt_digest=receipts.digest(code),
                        reporter_kind=data.reporter_kind,
                        reporter_name="" if data.anonymous else data.reporter_name.strip(),
                        reporter_contact="" if data.anonymous else data.reporter_contact.strip(),
                    )
                break
            except IntegrityError:  # pragma: no cover - a 59-bit collision
                continue
        else:  # pragma: no cover
            raise RuntimeError("no free receipt code")
        audit_log(action=AuditEvent.Action.CREATE, obj=report, anonymous=data.anonymous)
        notify(
            organisation=org_id, recipients=branch_coordinators(branch), kind="public_report",
            dedupe_key=f"public-report:{report.pk}",
            title=_("Nieuwe melding via de meldpagina van %(branch)s") % {"branch": branch.name},
            body=_("Een leerling, ouder of iemand anders heeft een melding gedaan. U vindt hem bij de nieuwe signalen."),
            url=_report_url(report),
        )
    return report, code


def report_add_message(*, report: PublicReport, text: str) -> PublicReportMessage:
    """The reporter adds information (they proved the receipt code)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": str(NEED_MESSAGE)})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": str(TOO_LONG) % {"max": MAX_TEXT}})
    with transaction.atomic():
        last = PublicReportMessage.objects.for_organisation(report.organisation_id).filter(report=report).order_by("-id").first()
        if last is not None and not last.from_school and last.text == text:
            return last  # the same message sent twice (a reload): keep one
        message = PublicReportMessage.objects.create(
            organisation_id=report.organisation_id, report=report, from_school=False, text=text
        )
        audit_log(action=AuditEvent.Action.CREATE, obj=message, report=report.pk)
        branch = report.signal.branch
        notify(
            organisation=report.organisation_id, recipients=branch_coordinators(branch), kind="public_report_message",
            dedupe_key=f"public-report-message:{message.pk}",
            title=_("Aanvulling op een melding via de meldpagina van %(branch)s") % {"branch": branch.name},
            body=_("De melder heeft iets toegevoegd aan de melding."),
            url=_report_url(report),
        )
    return message


def can_reply(user, report: PublicReport) -> bool:
    return access.can_triage_signals(user, branch=report.signal.branch_id)


def report_reply(*, report: PublicReport, acting_user, text: str, audit: AuditContext | None = None) -> PublicReportMessage:
    """The school answers; the reporter reads it when they come back with their code."""
    if not can_reply(acting_user, report):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie beantwoordt meldingen."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": str(NEED_REPLY)})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": str(TOO_LONG) % {"max": MAX_TEXT}})
    with transaction.atomic():
        message = PublicReportMessage.objects.create(
            organisation_id=report.organisation_id, report=report, from_school=True, author=acting_user, text=text
        )
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=message, audit=audit, report=report.pk)
    return message
