"""Conflict of interest: keeping named staff out of one case, and staff as a party.

A member of staff who is a party (the alleged bully, a parent of a student in the case,
a relative) is excluded from the case. From then on incidents.access treats them as an
outsider on it: 404 on the case and everything that hangs from it, nothing in lists,
search, exports, the API or notifications. Exclusion is decided by the branch's
anti-bullying coordinator, its management or a board role; it is audited and can be lifted.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import remove_perm

from people import access as people_access
from people.audit import AuditContext, audit_log
from people.header_version import bump_header_version
from people.ids import parse_id
from people.models import AuditEvent, Notification, RoleAssignment, User
from people.permissions import Permission, has_permission
from protocol import vocabulary as v

from . import access
from .models import Case, CaseExclusion, FollowUp, Participant

NEED_REASON = gettext_lazy("Schrijf op waarom deze medewerker buiten de zaak blijft.")
NOT_STAFF = gettext_lazy("Deze medewerker is niet gevonden in uw organisatie.")
ALREADY = gettext_lazy("Deze medewerker is al uitgesloten van deze zaak.")
NOT_SELF = gettext_lazy("U kunt uzelf niet uitsluiten; vraag de directie of de anti-pestcoördinator.")
MAY_NOT = gettext_lazy("Alleen de anti-pestcoördinator, de directie of het bestuur sluit medewerkers uit van een zaak.")
STAFF_ROLES = (v.ParticipantRole.BULLY,)
STAFF_AS_PARTY_REASON = gettext_lazy("Vastgelegd als vermoedelijke pester in deze zaak.")


def can_manage_exclusions(user, case: Case) -> bool:
    return has_permission(user, Permission.MANAGE_EXCLUSIONS, branch=case.branch_id) and not access.is_excluded(user, case)


def exclusions_of(case: Case) -> QuerySet[CaseExclusion]:
    return (CaseExclusion.objects.for_organisation(case.organisation_id).filter(case=case)
            .select_related("user", "excluded_by").order_by("created_at", "id"))


def staff_of(organisation_id) -> QuerySet[User]:
    """Active staff with a role in the organisation (who can be excluded or be a party)."""
    holders = RoleAssignment.objects.for_organisation(organisation_id).values("user_id")
    return User.objects.filter(organisation_id=organisation_id, is_active=True, pk__in=holders).order_by("full_name")


def _staff_member(case: Case, user_id) -> User:
    member = staff_of(case.organisation_id).filter(pk=user_id).first() if parse_id(str(user_id)) else None
    if member is None:
        raise ValidationError({"user": str(NOT_STAFF)})
    return member


def case_exclude(*, case: Case, acting_user, user_id, reason: str, audit: AuditContext | None = None) -> CaseExclusion:
    """Keep one member of staff out of a case. Atomic and audited; the person's open
    responsibilities on the case pass to others and their notifications about it go."""
    if not can_manage_exclusions(acting_user, case):
        raise PermissionDenied(str(MAY_NOT))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": str(NEED_REASON)})
    member = _staff_member(case, user_id)
    if member.pk == acting_user.pk:
        raise ValidationError({"user": str(NOT_SELF)})
    with transaction.atomic():
        try:
            with transaction.atomic():
                exclusion = CaseExclusion.objects.create(
                    organisation_id=case.organisation_id, case=case, user=member, reason=reason[:2000],
                    excluded_by=acting_user,
                )
        except IntegrityError:
            raise ValidationError({"user": str(ALREADY)}) from None
        _hand_over(case, member)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=exclusion, audit=audit,
                  case=case.pk, excluded=member.pk)
    return exclusion


def _hand_over(case: Case, member: User) -> None:
    """What the excluded person held on the case goes to the others responsible."""
    locked = Case.objects.select_for_update().get(pk=case.pk, organisation_id=case.organisation_id)
    fields = []
    if locked.mentor_id == member.pk:
        locked.mentor = None
        fields.append("mentor")
    if locked.coordinator_id == member.pk:
        locked.coordinator = None
        fields.append("coordinator")
    if fields:
        locked.save(update_fields=fields)
        case.mentor_id, case.coordinator_id = locked.mentor_id, locked.coordinator_id
    replacement = locked.coordinator_id or locked.mentor_id
    FollowUp.objects.for_organisation(case.organisation_id).filter(case=case, owner=member).update(owner_id=replacement)
    for perm in ("incidents.view_case", "incidents.change_case"):
        remove_perm(perm, member, locked)
    # Their notifications about the case (reminders, overdue terms) would name it.
    url = reverse("incidents:case_detail", args=[case.pk])
    Notification.objects.for_organisation(case.organisation_id).filter(recipient=member, url__startswith=url).delete()
    bump_header_version(case.organisation_id)  # their overdue and unread counts


def case_exclusion_lift(*, exclusion: CaseExclusion, acting_user, audit: AuditContext | None = None) -> None:
    case = exclusion.case
    if not can_manage_exclusions(acting_user, case):
        raise PermissionDenied(str(MAY_NOT))
    if Participant.objects.for_organisation(case.organisation_id).filter(case=case, staff_id=exclusion.user_id).exists():
        raise ValidationError(_("Deze medewerker is partij in de zaak en blijft daarom uitgesloten."))
    with transaction.atomic():
        audit_log(action=AuditEvent.Action.DELETE, actor=acting_user, obj=exclusion, audit=audit,
                  case=case.pk, excluded=exclusion.user_id)
        exclusion.delete()


def staff_party_add(*, case: Case, acting_user, user_id, role: str = v.ParticipantRole.BULLY,
                    description: str = "", audit: AuditContext | None = None) -> Participant:
    """Record a member of staff as a party (the alleged bully); they are excluded at once."""
    if not access.can_work_on_case(acting_user, case):
        raise PermissionDenied(_("U werkt niet aan deze zaak; vraag de mentor of de anti-pestcoördinator."))
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Een medewerker kan alleen als vermoedelijke pester worden vastgelegd.")})
    member = _staff_member(case, user_id)
    if member.pk == acting_user.pk:
        raise ValidationError({"user": str(NOT_SELF)})
    with transaction.atomic():
        if Participant.objects.filter(case=case, staff=member, role=role).exists():
            raise ValidationError({"user": _("Deze medewerker staat al met deze rol in de zaak.")})
        participant = Participant.objects.create(
            organisation_id=case.organisation_id, case=case, staff=member, role=role, description=description.strip()[:200],
        )
        exclusion, made = CaseExclusion.objects.get_or_create(
            organisation_id=case.organisation_id, case=case, user=member,
            defaults={"reason": str(STAFF_AS_PARTY_REASON), "excluded_by": acting_user},
        )
        if made:
            _hand_over(case, member)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=case, audit=audit,
                  participant_added=participant.pk, staff_party=member.pk, excluded=member.pk)
    return participant


def get_exclusion_for_user(user, case: Case, exclusion_id) -> CaseExclusion:
    return people_access.get_or_404(exclusions_of(case), exclusion_id)
