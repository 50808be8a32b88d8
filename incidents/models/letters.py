"""Letters to parents and an organisation's own letter wording (incidents.letters)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned

from .cases import Case, Participant
from .timeline import TimelineEntry


class Letter(TenantOwned):
    """A letter to parents drafted from the case, edited, then sent and kept as PDF."""

    class Kind(models.TextChoices):
        AGREEMENTS = "agreements", _("Afspraken vastgelegd")
        SECOND_TALK = "second_talk", _("Tweede gesprek")
        SUSPENSION = "suspension", _("Besluit tot schorsing")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SENT = "sent", _("Verstuurd")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.CharField(max_length=20)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    #: For a suspension decision: the suspension entry this letter announces.
    suspension_entry = models.ForeignKey(TimelineEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pdf = models.FileField(upload_to="letters/", null=True, blank=True, max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class LetterTemplate(TenantOwned):
    """An organisation's own wording of a letter; placeholders like ``$leerling``."""

    kind = models.CharField(max_length=20, choices=Letter.Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="letter_template_unique_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()
