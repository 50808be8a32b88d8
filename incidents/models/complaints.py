"""Complaints about how bullying was handled (incidents.complaints; seed 000 §5.5)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, TenantOwned

from .cases import Case


# --- complaints (incidents.complaints; seed 000 §5.5) ---------------------------------------
class Complaint(TenantOwned):
    """A complaint about how bullying was handled: first the mentor, then the confidential
    adviser, then the formal complaints procedure (seed 000 §5.5)."""

    class Stage(models.TextChoices):
        MENTOR = "mentor", _("Bij de mentor")
        ADVISER = "adviser", _("Bij de vertrouwenspersoon")
        PROCEDURE = "procedure", _("Klachtenprocedure")
        CLOSED = "closed", _("Afgehandeld")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Opgelost in overleg")
        UPHELD = "upheld", _("Gegrond")
        PARTLY = "partly", _("Deels gegrond")
        REJECTED = "rejected", _("Ongegrond")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    class Complainant(models.TextChoices):
        STUDENT = "student", _("Leerling")
        PARENT = "parent", _("Ouder of verzorger")
        OTHER = "other", _("Iemand anders")

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("vestiging"))
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints")
    complainant_kind = models.CharField(_("wie klaagt"), max_length=10, choices=Complainant.choices)
    complainant_name = models.CharField(_("naam van de klager"), max_length=200)
    about = models.TextField(_("waarover"))
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("vertrouwenspersoon"))
    adviser_support = models.TextField(_("steun van de vertrouwenspersoon"), blank=True)
    stage = models.CharField(_("fase"), max_length=10, choices=Stage.choices, default=Stage.MENTOR)
    stage_due_on = models.DateField(_("uiterste datum van deze fase"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("toelichting op de uitkomst"), blank=True)
    received_on = models.DateField(_("ontvangen op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{_('Klacht')} {self.pk}"


class ComplaintStep(TenantOwned):
    """One stage of a complaint as it happened (never edited)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=10, choices=Complaint.Stage.choices)
    note = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fase van een klacht")
        verbose_name_plural = _("fasen van klachten")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.stage}"
