"""Complaints (seed 000 §5.5): mentor first, then the confidential adviser, then the formal
complaints procedure. Each stage has a term in school days, counted with the branch's
calendar; the register shows who complains, about what, the linked case, the adviser's
support, the stages and the outcome.

Who sees complaints: the branch's management and its confidential adviser, and board
management; never someone excluded from the linked case. The coordinator does not (a
complaint is often about how the case was handled).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people import access as people_access
from people.audit import AuditContext, audit_log
from people.models import AuditEvent, User
from people.permissions import Permission, has_permission, within_reach
from people.roles import Role
from protocol.calendars import calendar_for

from . import access
from .models import Case, Complaint, ComplaintStep

#: School days each stage may take before the next step is due.
STAGE_TERMS = {Complaint.Stage.MENTOR: 5, Complaint.Stage.ADVISER: 10, Complaint.Stage.PROCEDURE: 30}
ORDER = [Complaint.Stage.MENTOR, Complaint.Stage.ADVISER, Complaint.Stage.PROCEDURE, Complaint.Stage.CLOSED]
MAY_NOT = gettext_lazy("Alleen de directie en de vertrouwenspersoon behandelen klachten.")


def complaints_for(user) -> QuerySet[Complaint]:
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return Complaint.objects.none()
    qs = Complaint.objects.for_organisation(scope.organisation_id).exclude(case_id__in=access.excluded_case_ids(user))
    qs = qs.filter(within_reach(user, Permission.HANDLE_COMPLAINTS))
    return qs.select_related("branch", "case", "adviser")


def handles_complaints(user) -> bool:
    return has_permission(user, Permission.HANDLE_COMPLAINTS)


def may_handle(user, branch_id) -> bool:
    return has_permission(user, Permission.HANDLE_COMPLAINTS, branch=branch_id)


def _due(organisation_id, branch_id, stage: str, start: dt.date) -> dt.date | None:
    days = STAGE_TERMS.get(stage)
    if days is None:
        return None
    return calendar_for(organisation_id, branch_id).add_school_days(start, days)


def complaint_register(*, acting_user, branch, complainant_kind: str, complainant_name: str, about: str,
                       received_on: dt.date, case: Case | None = None, adviser: User | None = None,
                       adviser_support: str = "", stage: str = Complaint.Stage.MENTOR, audit: AuditContext | None = None) -> Complaint:
    if not may_handle(acting_user, branch.pk):
        raise PermissionDenied(str(MAY_NOT))
    errors = {}
    if complainant_kind not in Complaint.Complainant.values:
        errors["complainant_kind"] = _("Kies wie de klacht indient.")
    if not (complainant_name or "").strip():
        errors["complainant_name"] = _("Vul de naam van de klager in.")
    if not (about or "").strip():
        errors["about"] = _("Beschrijf waarover de klacht gaat.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("De datum ligt in de toekomst.")
    if stage not in STAGE_TERMS:
        errors["stage"] = _("Kies de fase waarin de klacht binnenkomt.")
    if case is not None and (case.organisation_id != branch.organisation_id):
        errors["case"] = _("Deze zaak is niet gevonden.")
    if adviser is not None and not people_access.scope_for(adviser).roles_at(branch.pk) & {Role.CONFIDENTIAL_ADVISER}:
        errors["adviser"] = _("Kies de vertrouwenspersoon van deze vestiging.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        due = _due(branch.organisation_id, branch.pk, stage, received_on)
        complaint = Complaint.objects.create(
            organisation_id=branch.organisation_id, branch=branch, case=case, complainant_kind=complainant_kind,
            complainant_name=complainant_name.strip()[:200], about=about.strip(), adviser=adviser,
            adviser_support=(adviser_support or "").strip(), stage=stage, stage_due_on=due, received_on=received_on,
            created_by=acting_user,
        )
        ComplaintStep.objects.create(organisation_id=branch.organisation_id, complaint=complaint, stage=stage,
                                     due_on=due, by=acting_user, note=_("Klacht ontvangen."))
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=complaint, audit=audit,
                  case=getattr(case, "pk", None))
    return complaint


def complaint_advance(*, complaint: Complaint, acting_user, note: str, outcome: str = "", audit: AuditContext | None = None) -> Complaint:
    """To the next stage (mentor → adviser → procedure), or closed with an outcome."""
    if not may_handle(acting_user, complaint.branch_id):
        raise PermissionDenied(str(MAY_NOT))
    if complaint.stage == Complaint.Stage.CLOSED:
        raise ValidationError(_("Deze klacht is al afgehandeld."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Schrijf kort op wat er in deze fase is gebeurd.")})
    closing = bool(outcome)
    if closing and outcome not in Complaint.Outcome.values:
        raise ValidationError({"outcome": _("Kies een uitkomst uit de lijst.")})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk, organisation_id=complaint.organisation_id)
        if locked.stage != complaint.stage:
            raise ValidationError(_("De klacht is intussen al verder gezet; kijk opnieuw."))
        stage = Complaint.Stage.CLOSED if closing else ORDER[ORDER.index(locked.stage) + 1]
        if stage == Complaint.Stage.CLOSED and not closing:
            raise ValidationError({"outcome": _("Kies de uitkomst om de klacht af te sluiten.")})
        today = timezone.localdate()
        due = _due(locked.organisation_id, locked.branch_id, stage, today)
        locked.stage, locked.stage_due_on = stage, due
        if closing:
            locked.outcome, locked.outcome_note = outcome, note.strip()
        locked.save(update_fields=["stage", "stage_due_on", "outcome", "outcome_note"])
        ComplaintStep.objects.create(organisation_id=locked.organisation_id, complaint=locked, stage=stage, due_on=due,
                                     by=acting_user, note=note.strip())
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=locked, audit=audit, stage=stage,
                  outcome=outcome)
    return locked
