"""The append-only audit trail."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tenancy import Organisation, TenantQuerySet


class AuditEventQuerySet(TenantQuerySet):
    def update(self, **kwargs):
        raise ValidationError("Audit events are append-only.")

    def delete(self):
        raise ValidationError("Audit events are append-only.")

    def _raw_delete(self, using):
        raise ValidationError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Append-only record of who read or changed which sensitive object, when, from where.

    Rows are never updated or deleted: ``save`` refuses updates, ``delete`` refuses, and on
    PostgreSQL a trigger (people.rls) refuses UPDATE and DELETE for everyone.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("ingelogd")
        LOGIN_FAILED = "login_failed", _("inloggen mislukt")
        LOGOUT = "logout", _("uitgelogd")
        READ = "read", _("bekeken")
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        EXPORT = "export", _("geëxporteerd")
        ROLE_GRANTED = "role_granted", _("rol toegekend")
        ROLE_REVOKED = "role_revoked", _("rol ingetrokken")
        PERMISSION_GRANTED = "permission_granted", _("toegang verleend")
        PERMISSION_REVOKED = "permission_revoked", _("toegang ingetrokken")

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Where the action came from: "page", "api" or "system" (tasks, commands); empty on
    # rows written before it was recorded (people.audit.AuditContext).
    channel = models.CharField(max_length=8, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["organisation", "actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events are append-only.")
