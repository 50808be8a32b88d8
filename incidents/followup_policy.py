"""The organisation's follow-up policy: how many school days ahead the scan reminds, and
after how many school days overdue it escalates to the board coordinator.

One policy per organisation (the scan counts with the organisation's calendar), so the
board sets it: board management and the board coordinator change it; branch management
and coordinators see it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent
from people.permissions import Permission, has_permission

from .followups import policy_for
from .models import FollowUpPolicy

MAX_REMINDER_DAYS = 20
MAX_ESCALATION_DAYS = 60


def can_view_policy(user) -> bool:
    return has_permission(user, Permission.READ_BOARD_SETTINGS)


def can_edit_policy(user) -> bool:
    return has_permission(user, Permission.EDIT_FOLLOWUP_POLICY)


def policy_of(user) -> FollowUpPolicy:
    if not can_view_policy(user):
        raise PermissionDenied(_("Alleen directie en anti-pestcoördinatoren zien het termijnbeleid."))
    return policy_for(user.organisation_id)


def followup_policy_update(*, acting_user, reminder_school_days: int, escalate_after_school_days: int,
                           audit: AuditContext | None = None) -> FollowUpPolicy:
    """Store the organisation's policy (validated), with an audit row."""
    if not can_edit_policy(acting_user):
        raise PermissionDenied(_("Alleen de algemene directie en de algemeen anti-pestcoördinator stellen het termijnbeleid in."))
    errors = {}
    if not 0 <= reminder_school_days <= MAX_REMINDER_DAYS:
        errors["reminder_school_days"] = _("Kies 0 tot en met %(n)s schooldagen.") % {"n": MAX_REMINDER_DAYS}
    if not 1 <= escalate_after_school_days <= MAX_ESCALATION_DAYS:
        errors["escalate_after_school_days"] = _("Kies 1 tot en met %(n)s schooldagen.") % {"n": MAX_ESCALATION_DAYS}
    if errors:
        raise ValidationError(errors)
    org_id = acting_user.organisation_id
    with transaction.atomic():
        policy = FollowUpPolicy.objects.for_organisation(org_id).select_for_update().first()
        before = (policy.reminder_school_days, policy.escalate_after_school_days) if policy else None
        if policy is None:
            policy = FollowUpPolicy(organisation_id=org_id)
        policy.reminder_school_days = reminder_school_days
        policy.escalate_after_school_days = escalate_after_school_days
        policy.save()
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=policy, audit=audit,
                  before=list(before) if before else None,
                  after=[reminder_school_days, escalate_after_school_days])
    return policy
