"""The public reporting channel (incidents.public) and where-things-stand codes (incidents.status)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned

from .cases import Case, Participant, Signal
from .letters import Letter


# --- the public reporting channel (incidents.public) -----------------------------------
class PublicReport(TenantOwned):
    """A report made on a branch's public page, without logging in: the signal it became,
    what the reporter chose to tell about themselves, and the keyed hash of their receipt
    code (never the code itself). Nothing that identifies the device or address is kept."""

    class ReporterKind(models.TextChoices):
        STUDENT = "student", _("Leerling")
        PARENT = "parent", _("Ouder of verzorger")
        OTHER = "other", _("Iemand anders")

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="public_report")
    receipt_digest = models.CharField(max_length=64)
    reporter_kind = models.CharField(_("melder"), max_length=10, choices=ReporterKind.choices)
    #: Only when the reporter chose to give them; empty for an anonymous report.
    reporter_name = models.CharField(_("naam van de melder"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("contact van de melder"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("melding van leerling of ouder")
        verbose_name_plural = _("meldingen van leerlingen en ouders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "receipt_digest"], name="public_report_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{_('Melding')} {self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return not self.reporter_name


class PublicReportMessage(TenantOwned):
    """A later message on a public report: an addition by the reporter (with the receipt
    code) or a reply by the school. Never edited."""

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="messages")
    from_school = models.BooleanField(default=False)
    #: The member of staff who replied; None for the reporter's own messages.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("bericht"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bericht bij melding")
        verbose_name_plural = _("berichten bij meldingen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.pk}"


# --- where things stand, for parents and the student (incidents.status) --------------------
class StatusCode(TenantOwned):
    """A personal code printed on a parent letter (or given to a student of 16 or older)
    with which they read where their case stands. Only a keyed hash is stored (people.keys);
    the code says nothing about the case. Revocable."""

    class Holder(models.TextChoices):
        PARENTS = "parents", _("Ouders of verzorgers")
        STUDENT = "student", _("Leerling zelf")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_codes")
    #: Whose status it is: the student the parents are the parents of, or the student.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    holder = models.CharField(max_length=10, choices=Holder.choices)
    letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("statuscode")
        verbose_name_plural = _("statuscodes")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code_digest"], name="status_code_unique")]

    def __str__(self) -> str:
        return f"{_('Statuscode')} {self.pk}"
