"""The serious-incident register (incidents.serious)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, TenantOwned

from .cases import Case, IncidentCategory, Signal


# --- serious incidents (incidents.serious) ---------------------------------------------------
class SeriousIncidentPolicy(TenantOwned):
    """Whether the board keeps the serious-incident register (a bill in parliament makes it
    a duty; until the law is in force each board decides)."""

    register_enabled = models.BooleanField(_("register van ernstige incidenten bijhouden"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("instelling ernstige incidenten")
        verbose_name_plural = _("instellingen ernstige incidenten")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_serious_policy_per_org")]

    def __str__(self) -> str:
        return str(self.register_enabled)


class SeriousIncident(TenantOwned):
    """One entry of the serious-incident register, with the notice to the inspectorate
    (modelled on the notice of a suspension: a date, who reported it, a reference)."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("vestiging"))
    category = models.CharField(_("soort incident"), max_length=30, choices=IncidentCategory.choices)
    occurred_on = models.DateField(_("datum van het incident"))
    description = models.TextField(_("omschrijving"))
    signal = models.ForeignKey(Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="serious_incidents")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    reported_on = models.DateField(_("gemeld bij de inspectie op"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    inspectorate_reference = models.CharField(_("kenmerk van de melding"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("ernstig incident")
        verbose_name_plural = _("ernstige incidenten")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["organisation", "branch", "occurred_on"], name="serious_branch_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.occurred_on}"
