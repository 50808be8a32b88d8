"""Aggregate results of a validated external monitor (Vensters, ZIEN!, Veiligheidsmonitor).

Imported into monitoring.models with one line, so the model belongs to the monitoring app.
Only aggregates per branch and school year: no student, no answer, nothing to suppress
beyond what the supplier already did. Who entered it is in the audit trail.
"""
from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Branch, SchoolYear, TenantOwned

__all__ = ["ExternalMonitorResult"]


class ExternalMonitorResult(TenantOwned):
    class Instrument(models.TextChoices):
        VENSTERS = "vensters", "Vensters"
        ZIEN = "zien", "ZIEN!"
        VEILIGHEIDSMONITOR = "veiligheidsmonitor", _("Veiligheidsmonitor")
        OTHER = "other", _("Andere gevalideerde monitor")

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("vestiging"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("schooljaar"))
    instrument = models.CharField(_("monitor"), max_length=30, choices=Instrument.choices)
    respondents = models.PositiveIntegerField(_("respondenten"))
    invited = models.PositiveIntegerField(_("uitgenodigd"), null=True, blank=True)
    #: The monitor's own scale, e.g. 1-4 or 1-10: its averages are not on the thermometer's 0-5.
    scale_min = models.DecimalField(_("schaal van"), max_digits=5, decimal_places=2)
    scale_max = models.DecimalField(_("schaal tot"), max_digits=5, decimal_places=2)
    safety_perception = models.DecimalField(_("veiligheidsbeleving"), max_digits=5, decimal_places=2, null=True, blank=True)
    harm = models.DecimalField(_("aantasting"), max_digits=5, decimal_places=2, null=True, blank=True)
    wellbeing = models.DecimalField(_("welbevinden"), max_digits=5, decimal_places=2, null=True, blank=True)
    #: Share of students who report being bullied (0–1), as the supplier reports it.
    bullied_share = models.DecimalField(_("aandeel gepest"), max_digits=5, decimal_places=4, null=True, blank=True,
                                        validators=[MinValueValidator(0), MaxValueValidator(1)])

    class Meta:
        verbose_name = _("resultaat externe monitor")
        verbose_name_plural = _("resultaten externe monitor")
        ordering = ["school_year__starts_on", "branch__name", "instrument"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "school_year", "instrument"], name="external_result_once"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="external_scale_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.branch_id}/{self.school_year_id}"
