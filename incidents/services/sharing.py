"""Adding a member of staff to one case, and the board's choice about its board coordinator.

A teacher who is not the case's mentor reads and works on a case only when the branch's
coordinator (or management) adds them to it: the object grant of incidents.access, given
and taken back here with an audit row each. Who then may do what follows from
``access.case_roles``: an added member of staff works on the case as first line (teacher).
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, RoleAssignment, User
from people.notifications import notify
from people.permissions import Permission, has_permission
from people.request_memo import forget
from people.roles import Role

from .. import access
from ..models import BoardSettings, Case

ONLY_SHARERS = _("Alleen de anti-pestcoördinator of de directie van de vestiging voegt medewerkers aan een zaak toe.")


def shareable_staff(case: Case):
    """Active staff of the case's branch, the candidates to add to the case. Not the
    confidential adviser: they support a complainant and keep their own notes (seed 000
    §2.2), they do not work in the dossier."""
    rows = RoleAssignment.objects.for_organisation(case.organisation_id).filter(branch_id=case.branch_id)
    ids = rows.exclude(user_id__in=rows.filter(role=Role.CONFIDENTIAL_ADVISER).values("user_id")).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True, organisation_id=case.organisation_id).order_by("full_name")


def case_share(*, case: Case, member: User, acting_user, audit: AuditContext | None = None) -> None:
    """Add ``member`` to ``case``: they read it and work on it as first line (teacher)."""
    if not access.can_share_case(acting_user, case):
        raise PermissionDenied(ONLY_SHARERS)
    if member is None or member.organisation_id != case.organisation_id or not shareable_staff(case).filter(pk=member.pk).exists():
        raise ValidationError({"member": _("Kies een medewerker van deze vestiging.")})
    if access.shared_with(case).filter(pk=member.pk).exists():
        raise ValidationError({"member": _("Deze medewerker is al aan de zaak toegevoegd.")})
    if access.is_excluded(member, case):  # conflict of interest (incidents.exclusions)
        raise ValidationError({"member": _("Deze medewerker is uitgesloten van deze zaak; hef eerst de uitsluiting op.")})
    with transaction.atomic():
        access.share_case(case=case, user=member, work=True)
        audit_log(action=AuditEvent.Action.PERMISSION_GRANTED, actor=acting_user, obj=case, audit=audit,
                  member=member.pk, grant="view_case+change_case")
        notify(
            organisation=case.organisation_id, recipients=[member], kind="case_shared",
            dedupe_key=f"case:{case.pk}:shared:{member.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            title=_("U bent toegevoegd aan zaak %(ref)s") % {"ref": case.reference},
            body=_("De anti-pestcoördinator heeft u aan een zaak toegevoegd: u kunt erin lezen en vastleggen."),
            url=reverse("incidents:case_detail", args=[case.pk]),
        )


def case_unshare(*, case: Case, member: User, acting_user, audit: AuditContext | None = None) -> None:
    """Take ``member`` off the case again (the grant only; what they recorded stays)."""
    if not access.can_share_case(acting_user, case):
        raise PermissionDenied(ONLY_SHARERS)
    if member is None or not access.shared_with(case).filter(pk=member.pk).exists():
        raise ValidationError({"member": _("Deze medewerker is niet aan de zaak toegevoegd.")})
    with transaction.atomic():
        access.unshare_case(case=case, user=member)
        audit_log(action=AuditEvent.Action.PERMISSION_REVOKED, actor=acting_user, obj=case, audit=audit,
                  member=member.pk, grant="view_case+change_case")


def can_edit_board_settings(user) -> bool:
    """The board's management decides; the board coordinator does not widen their own role."""
    return has_permission(user, Permission.EDIT_BOARD_SETTINGS)


def can_view_board_settings(user) -> bool:
    return has_permission(user, Permission.READ_BOARD_SETTINGS)


def board_settings_of(organisation_id) -> BoardSettings:
    return BoardSettings.objects.for_organisation(organisation_id).first() or BoardSettings(organisation_id=organisation_id)


def board_settings_update(*, acting_user, board_coordinator_acts: bool, audit: AuditContext | None = None) -> BoardSettings:
    if not can_edit_board_settings(acting_user):
        raise PermissionDenied(_("Alleen de algemene directie wijzigt de instellingen van het bestuur."))
    org_id = acting_user.organisation_id
    with transaction.atomic():
        row = BoardSettings.objects.for_organisation(org_id).select_for_update().first()
        before = row.board_coordinator_acts if row else False
        row = row or BoardSettings(organisation_id=org_id)
        row.board_coordinator_acts = bool(board_coordinator_acts)
        row.updated_at = timezone.now()
        row.updated_by = acting_user
        row.save()
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=row, audit=audit,
                  board_coordinator_acts=[before, row.board_coordinator_acts])
        forget(access.CASE_ROLES_MEMO)
    return row
