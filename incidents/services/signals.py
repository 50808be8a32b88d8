"""Logging signals and turning them into cases."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, Branch, Student
from protocol import vocabulary as v

from .. import access
from ..models import IncidentCategory, Signal, SignalStudent
from ..serious import register_from_signal
from ..triage import signal_notify_new, triage_due_on


@dataclass(frozen=True)
class SignalStudentInput:
    role: str
    student_id: int | None = None
    description: str = ""


def clean_forms(forms, discrimination_ground: str) -> list[str]:
    cleaned = []
    for form in forms or []:
        try:
            cleaned.append(v.BullyingForm(form).value)
        except ValueError:
            raise ValidationError({"forms": _("“%(form)s” is geen bekende vorm van pesten.") % {"form": form}}) from None
    if v.BullyingForm.DISCRIMINATION in cleaned and not discrimination_ground.strip():
        raise ValidationError({"discrimination_ground": _("Vul in op grond waarvan gediscrimineerd werd (bijvoorbeeld afkomst, geloof, geaardheid).")})
    return sorted(set(cleaned), key=[f.value for f in v.BullyingForm].index)


def clean_students(organisation_id, branch: Branch, students: list[SignalStudentInput]) -> list[tuple[SignalStudentInput, Student | None]]:
    if not students:
        raise ValidationError({"students": _("Kies ten minste één betrokken leerling (of omschrijf wie het is).")})
    result = []
    ids = {s.student_id for s in students if s.student_id}
    # Only students of the signal's branch: a reporter picks from their own school.
    found = {s.pk: s for s in Student.objects.for_organisation(organisation_id).filter(pk__in=ids, branch=branch)}
    for item in students:
        try:
            v.ParticipantRole(item.role)
        except ValueError:
            raise ValidationError({"students": _("“%(role)s” is geen bekende rol.") % {"role": item.role}}) from None
        if item.student_id:
            student = found.get(item.student_id)
            if student is None:
                raise ValidationError({"students": _("Deze leerling is niet gevonden. Kies een leerling uit de lijst.")})
            result.append((item, student))
        elif item.description.strip():
            result.append((item, None))
        else:
            raise ValidationError({"students": _("Kies een leerling of omschrijf wie het is (bijvoorbeeld ‘onbekend’).")})
    return result


def signal_create(
    *,
    organisation,
    branch: Branch,
    reported_by,
    description: str,
    students: list[SignalStudentInput],
    forms=(),
    discrimination_ground: str = "",
    occurred_on: dt.date | None = None,
    place: str = "",
    source: str = Signal.Source.STAFF,
    incident_category: str = "",
    is_serious: bool = False,
    audit: AuditContext | None = None,
) -> Signal:
    """Log a signal. Anyone on staff at the branch may; it lands with the coordinator, who
    has two school days to triage it; a staff signal notifies the mentors and the
    coordinator at once (incidents.triage)."""
    org_id = getattr(organisation, "pk", organisation)
    if branch.organisation_id != org_id:
        raise Http404
    if reported_by is not None and not access.can_log_signal(reported_by, branch=branch):
        raise PermissionDenied(_("U werkt niet op deze vestiging."))
    if not (description or "").strip():
        raise ValidationError({"description": _("Beschrijf kort wat er is gebeurd.")})
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("De datum ligt in de toekomst.")})
    forms = clean_forms(forms, discrimination_ground)
    if incident_category and incident_category not in IncidentCategory.values:
        raise ValidationError({"incident_category": _("Kies de soort incident uit de lijst.")})
    if is_serious and not incident_category:
        raise ValidationError({"incident_category": _("Kies bij een ernstig incident ook de soort incident.")})
    with transaction.atomic():
        pairs = clean_students(org_id, branch, students)
        signal = Signal.objects.create(
            organisation_id=org_id, branch=branch, source=source, reported_by=reported_by,
            description=description.strip(), forms=forms, discrimination_ground=discrimination_ground.strip(),
            occurred_on=occurred_on, place=place.strip(), incident_category=incident_category,
            is_serious=bool(is_serious),
            triage_due_on=triage_due_on(organisation_id=org_id, branch_id=branch.pk, reported_on=timezone.localdate()),
        )
        SignalStudent.objects.bulk_create(
            SignalStudent(organisation_id=org_id, signal=signal, student=student, role=item.role,
                          description=item.description.strip())
            for item, student in pairs
        )
        if source == Signal.Source.STAFF:
            # The mentor(s) and the coordinator hear of it at once (delivered after commit).
            signal_notify_new(signal)
        audit_log(action=AuditEvent.Action.CREATE, actor=reported_by, obj=signal, audit=audit)
        # A serious incident goes into the board's register (when the board keeps one).
        register_from_signal(signal=signal, acting_user=reported_by, audit=audit)
    return signal


def signal_dismiss(*, signal: Signal, acting_user, reason: str, audit: AuditContext | None = None) -> Signal:
    """Handle a signal without a case (e.g. a misunderstanding), with the reason."""
    if not access.can_triage_signals(acting_user, branch=signal.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie handelt signalen af."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef aan waarom dit signaal zonder zaak wordt afgehandeld.")})
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if locked.status != Signal.Status.NEW:
            raise ValidationError(_("Dit signaal is al afgehandeld."))
        locked.status = Signal.Status.DISMISSED
        locked.handled_reason = reason.strip()
        locked.save(update_fields=["status", "handled_reason"])
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=locked, audit=audit, change="dismissed")
    return locked
