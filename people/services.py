"""Writes on people data. Each service runs in a transaction as the organisation it acts for,
checks its rules, and writes the audit trail."""
from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import access
from .audit import audit_log
from .models import AuditEvent, Branch, Organisation, RoleAssignment, User
from .roles import BRANCH_ROLES, ORGANISATION_ROLES
from .tenancy import tenant_context


def organisation_create(*, name: str, slug: str, email_domain: str = "") -> Organisation:
    """Create a tenant. Its id is chosen first so the insert passes row-level security."""
    org = Organisation(id=uuid.uuid4(), name=name, slug=slug, email_domain=email_domain)
    with tenant_context(org.id):
        org.full_clean()
        org.save(force_insert=True)
    return org


def role_grant(*, organisation: Organisation, user: User, role: str, branch: Branch | None, acting_user: User | None) -> RoleAssignment:
    """Give ``user`` a role at ``branch`` (or organisation-wide). Audited."""
    with transaction.atomic():
        if user.organisation_id != organisation.pk or (branch is not None and branch.organisation_id != organisation.pk):
            raise ValidationError(_("Deze medewerker of vestiging hoort niet bij uw organisatie."))
        if acting_user is not None and not access.can_manage_roles(acting_user, branch=branch):
            raise PermissionDenied(_("U mag deze rol niet toekennen."))
        if role in ORGANISATION_ROLES and branch is not None:
            raise ValidationError(_("Deze rol geldt voor de hele organisatie; kies geen vestiging."))
        if role in BRANCH_ROLES and branch is None:
            raise ValidationError(_("Kies de vestiging waar deze rol geldt."))
        if role not in ORGANISATION_ROLES | BRANCH_ROLES:
            raise ValidationError(_("Onbekende rol."))
        # SQLite ignores the NULLS NOT DISTINCT unique constraint, so check explicitly too.
        if RoleAssignment.objects.for_organisation(organisation).filter(user=user, role=role, branch=branch).exists():
            raise ValidationError(_("Deze medewerker heeft deze rol hier al."))
        try:
            with transaction.atomic():
                assignment = RoleAssignment.objects.create(organisation=organisation, user=user, role=role, branch=branch)
        except IntegrityError:
            raise ValidationError(_("Deze medewerker heeft deze rol hier al.")) from None
        audit_log(
            action=AuditEvent.Action.ROLE_GRANTED, actor=acting_user, organisation=organisation,
            obj=assignment, user_id=user.pk, role=role, branch_id=getattr(branch, "pk", None),
        )
        access.forget_scope(user)
        return assignment


def role_revoke(*, assignment: RoleAssignment, acting_user: User | None) -> None:
    with transaction.atomic():
        if acting_user is not None and not access.can_manage_roles(acting_user, branch=assignment.branch):
            raise PermissionDenied(_("U mag deze rol niet intrekken."))
        audit_log(
            action=AuditEvent.Action.ROLE_REVOKED, actor=acting_user, organisation=assignment.organisation_id,
            obj=assignment, user_id=assignment.user_id, role=assignment.role, branch_id=assignment.branch_id,
        )
        assignment.delete()
        access.forget_scope(assignment.user)
