"""Setting a branch's place and school-holiday region (management).

The region is derived from the branch's place, postcode or province
(protocol.calendar.places); management records those and may override the region when
the derivation is wrong or unsure. Deadlines of branches without a calendar of their own
count with their region's holidays from then on (protocol.calendars.calendar_for).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, Branch
from people.permissions import Permission, has_permission
from people.request_memo import forget

from .calendar.places import PROVINCES, REGION_LABELS, normalise_postcode
from .calendars import MEMO_KIND


def can_set_region(user, branch: Branch) -> bool:
    """Its management, or the board's (MANAGE_REGIONS)."""
    return has_permission(user, Permission.MANAGE_REGIONS, branch=branch)


def branch_place_update(*, branch: Branch, acting_user, postcode: str = "", province: str = "",
                        holiday_region: str = "", audit: AuditContext | None = None) -> Branch:
    """Store the branch's postcode, province and (optional) region override, with an audit row."""
    if not can_set_region(acting_user, branch):
        raise PermissionDenied(_("Alleen de directie stelt de vakantieregio van een vestiging in."))
    errors = {}
    postcode = (postcode or "").strip()
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValueError:
            errors["postcode"] = _("Vul een Nederlandse postcode in, bijvoorbeeld 9101 AB.")
    if province and province not in PROVINCES:
        errors["province"] = _("Kies een provincie uit de lijst.")
    if holiday_region and holiday_region not in REGION_LABELS:
        errors["holiday_region"] = _("Kies noord, midden of zuid, of laat het leeg.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Branch.objects.select_for_update().get(pk=branch.pk, organisation_id=branch.organisation_id)
        before = [locked.postcode, locked.province, locked.holiday_region]
        locked.postcode, locked.province, locked.holiday_region = postcode, province, holiday_region
        locked.save(update_fields=["postcode", "province", "holiday_region"])
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=locked, audit=audit,
                  what="holiday_region", before=before, after=[postcode, province, holiday_region])
        forget(MEMO_KIND)  # this request's memoised calendars and regions
    return locked
