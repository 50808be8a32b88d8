"""Serious incidents: a register per board and the notice to the inspectorate.

A bill in parliament adds the duty to register serious incidents (physical violence,
weapons, sexual abuse, gross bullying, discrimination, threats, vandalism and theft,
drugs) and to report them to the inspectorate, the way suspensions are reported now.
Until the law is in force the register is a per-board setting (SeriousIncidentPolicy).

A signal or a case entry marked "serious" with a category lands in the register when
the board keeps it; the notice records the date it was reported, by whom and the
inspectorate's reference. Who sees the register: the branch's coordinator and
management, and the board; never anyone excluded from the linked case.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people import access as people_access
from people.audit import AuditContext, audit_log
from people.models import AuditEvent
from people.permissions import Permission, has_permission, within_reach

from . import access
from .models import (
    Case,
    IncidentCategory,
    SeriousIncident,
    SeriousIncidentPolicy,
    Signal,
    TimelineEntry,
)

REGISTER_OFF = gettext_lazy("Uw bestuur houdt (nog) geen register van ernstige incidenten bij; zet het aan bij de instellingen.")
MAY_NOT = gettext_lazy("Alleen de anti-pestcoördinator, de directie of het bestuur houdt het register bij.")
NEED_CATEGORY = gettext_lazy("Kies de soort incident.")


def policy_for(organisation_id) -> SeriousIncidentPolicy:
    return SeriousIncidentPolicy.objects.for_organisation(organisation_id).first() or SeriousIncidentPolicy(
        organisation_id=organisation_id)


def register_enabled(organisation_id) -> bool:
    return policy_for(organisation_id).register_enabled


def policy_set(*, organisation_id, acting_user, enabled: bool, audit: AuditContext | None = None) -> SeriousIncidentPolicy:
    if not may_set_rules(acting_user):
        raise PermissionDenied(_("Alleen het bestuur zet het register van ernstige incidenten aan of uit."))
    with transaction.atomic():
        policy, _made = SeriousIncidentPolicy.objects.update_or_create(
            organisation_id=organisation_id,
            defaults={"register_enabled": bool(enabled), "updated_by": acting_user, "updated_at": timezone.now()})
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=policy, audit=audit, enabled=bool(enabled))
    return policy


def _category(value: str) -> str:
    if value not in IncidentCategory.values:
        raise ValidationError({"category": str(NEED_CATEGORY)})
    return value


def register_from_signal(*, signal: Signal, acting_user, audit: AuditContext | None = None) -> SeriousIncident | None:
    """Called when a signal marked serious is logged: an entry in the register, if kept."""
    if not (signal.is_serious and signal.incident_category) or not register_enabled(signal.organisation_id):
        return None
    incident = SeriousIncident.objects.create(
        organisation_id=signal.organisation_id, branch_id=signal.branch_id, category=signal.incident_category,
        occurred_on=signal.occurred_on or timezone.localdate(signal.reported_at), description=signal.description,
        signal=signal, case=signal.case, registered_by=acting_user,
    )
    audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=incident, audit=audit, signal=signal.pk)
    return incident


def register_from_case(*, case: Case, acting_user, category: str, occurred_on: dt.date, description: str,
                       entry: TimelineEntry | None = None, audit: AuditContext | None = None) -> SeriousIncident:
    """Register a serious incident of a case (and mark its entry, when one is named)."""
    if not register_enabled(case.organisation_id):
        raise ValidationError(str(REGISTER_OFF))
    if not has_permission(acting_user, Permission.REGISTER_SERIOUS_INCIDENTS, branch=case.branch_id) or access.is_excluded(acting_user, case):
        raise PermissionDenied(str(MAY_NOT))
    category = _category(category)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("De datum ligt in de toekomst.")})
    if not (description or "").strip():
        raise ValidationError({"description": _("Beschrijf kort wat er is gebeurd.")})
    with transaction.atomic():
        if entry is not None:
            if entry.case_id != case.pk:
                raise ValidationError(_("Deze regel hoort niet bij deze zaak."))
            TimelineEntry.objects.filter(pk=entry.pk).update(incident_category=category, is_serious=True)
        incident = SeriousIncident.objects.create(
            organisation_id=case.organisation_id, branch_id=case.branch_id, category=category, occurred_on=occurred_on,
            description=description.strip(), case=case, registered_by=acting_user,
        )
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=incident, audit=audit, case=case.pk)
    return incident


def reported_to_inspectorate(*, incident: SeriousIncident, acting_user, reported_on: dt.date, reference: str = "",
                             audit: AuditContext | None = None) -> SeriousIncident:
    """Record the notice to the inspectorate (as for a suspension): a date, who, a reference."""
    if not has_permission(acting_user, Permission.REGISTER_SERIOUS_INCIDENTS, branch=incident.branch_id):
        raise PermissionDenied(str(MAY_NOT))
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("De datum ligt in de toekomst.")})
    if reported_on < incident.occurred_on:
        raise ValidationError({"reported_on": _("De melding kan niet vóór het incident zijn gedaan.")})
    with transaction.atomic():
        changed = SeriousIncident.objects.filter(pk=incident.pk, reported_on__isnull=True).update(
            reported_on=reported_on, reported_by=acting_user, inspectorate_reference=(reference or "").strip()[:100])
        if changed != 1:
            raise ValidationError(_("De melding bij de inspectie is al vastgelegd."))
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=incident, audit=audit,
                  reported_on=reported_on.isoformat())
    incident.refresh_from_db()
    return incident


def register_for(user) -> QuerySet[SeriousIncident]:
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return SeriousIncident.objects.none()
    qs = SeriousIncident.objects.for_organisation(scope.organisation_id).exclude(case_id__in=access.excluded_case_ids(user))
    qs = qs.filter(within_reach(user, Permission.REGISTER_SERIOUS_INCIDENTS))
    return qs.select_related("branch", "case", "registered_by", "reported_by")


def sees_register(user) -> bool:
    return has_permission(user, Permission.REGISTER_SERIOUS_INCIDENTS)


def may_set_rules(user) -> bool:
    """The board decides whether it keeps the register."""
    return has_permission(user, Permission.SET_SERIOUS_INCIDENT_RULES)


def register_figures(organisation_id, branch_ids, start: dt.date, end: dt.date) -> dict:
    """For the inspection report: per category, how many and how many reported (one query)."""
    rows = (SeriousIncident.objects.for_organisation(organisation_id)
            .filter(branch_id__in=branch_ids, occurred_on__gte=start, occurred_on__lt=end)
            .values("category").annotate(total=Count("pk"), reported=Count("pk", filter=Q(reported_on__isnull=False))))
    labels = dict(IncidentCategory.choices)
    lines = [{"category": str(labels.get(r["category"], r["category"])), "total": r["total"], "reported": r["reported"]}
             for r in rows]
    return {"enabled": register_enabled(organisation_id), "lines": sorted(lines, key=lambda line: line["category"])}
