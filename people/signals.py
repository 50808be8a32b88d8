"""Log-ins, log-outs and failed log-ins go to the audit trail."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_context, audit_log
from .models import AuditEvent
from .tenancy import tenant_context


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    # The request started anonymous: write the row as the user's tenant.
    with tenant_context(user.organisation_id):
        audit_log(action=AuditEvent.Action.LOGIN, actor=user, audit=audit_context(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        with tenant_context(user.organisation_id):
            audit_log(action=AuditEvent.Action.LOGOUT, actor=user, audit=audit_context(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    # The user table is readable before log-in (the documented RLS exception), so a failed
    # attempt on a known account lands in that organisation's trail. Never the password.
    account = get_user_model().objects.filter(email__iexact=attempted).only("id", "organisation_id").first()
    org_id = account.organisation_id if account else None
    with tenant_context(org_id):
        audit_log(
            action=AuditEvent.Action.LOGIN_FAILED,
            organisation=org_id,
            audit=audit_context(request),
            object_type="people.user" if account else "",
            object_id=str(account.pk) if account else "",
            attempted=attempted,
        )
