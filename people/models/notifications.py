"""Messages to one member of staff (the bell and e-mail) and saved import column mappings."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tenancy import TenantOwned


class Notification(TenantOwned):
    """A message to one member of staff: shown in-app (the bell) and sent by e-mail.

    Queued in the database and delivered by a Celery task, so a Redis or mail outage
    delays notifications but loses none. ``dedupe_key`` (unique per recipient) makes
    every notification exist exactly once however often a scan runs.
    """

    class EmailState(models.TextChoices):
        PENDING = "pending", _("wacht")
        SENDING = "sending", _("wordt verstuurd")
        SENT = "sent", _("verstuurd")
        SKIPPED = "skipped", _("niet per e-mail")
        FAILED = "failed", _("mislukt")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    dedupe_key = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_recipient")
        ]
        indexes = [
            models.Index(fields=["organisation", "recipient", "read_at"], name="notification_inbox_idx"),
            models.Index(fields=["organisation", "email_state", "email_claimed_at"], name="notification_outbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ImportMapping(TenantOwned):
    """How the columns of one organisation's export (SOMtoday, Magister …) map onto the
    fields of one kind of import (people.imports): saved so the next import needs no setup."""

    class Kind(models.TextChoices):
        STUDENTS = "students", _("Leerlingen")
        STAFF = "staff", _("Medewerkers")
        CLASSES = "classes", _("Klassen en mentoren")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    #: {column header as in the file: field key, or "" to ignore the column}
    columns = models.JSONField(_("kolommen"), default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kolomkoppeling")
        verbose_name_plural = _("kolomkoppelingen")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="import_mapping_unique_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}"
