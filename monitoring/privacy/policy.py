"""Reading and changing an organisation's retention policy (board management only)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent

from .access import is_board_management
from .models import MAX_YEARS, MIN_YEARS, RetentionPolicy
from .retention import Terms, policy_terms


def _years(value, field: str, errors: dict) -> int | None:
    try:
        years = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = _("Vul een heel aantal jaren in.")
        return None
    if not MIN_YEARS <= years <= MAX_YEARS:
        errors[field] = _("Kies een termijn van 1 tot en met 20 jaar.")  # MIN_YEARS, MAX_YEARS
        return None
    return years


def retention_policy_save(*, organisation_id, acting_user, case_years, student_years, audit: AuditContext | None = None) -> RetentionPolicy:
    """Validate and store the terms; bad input raises ValidationError and writes nothing."""
    if not is_board_management(acting_user) or str(acting_user.organisation_id) != str(organisation_id):
        raise PermissionDenied
    errors: dict[str, str] = {}
    cases = _years(case_years, "case_years", errors)
    students = _years(student_years, "student_years", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = policy_terms(organisation_id)
        policy, _created = RetentionPolicy.objects.select_for_update().update_or_create(
            organisation_id=organisation_id,
            defaults={"case_years": cases, "student_years": students, "updated_at": timezone.now(),
                      "updated_by": acting_user},
        )
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=policy, audit=audit,
                  before=[before.case_years, before.student_years], after=[cases, students])
    return policy


def current_terms(organisation_id) -> tuple[Terms, RetentionPolicy | None]:
    return policy_terms(organisation_id), RetentionPolicy.objects.for_organisation(organisation_id).first()
