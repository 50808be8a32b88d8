"""How a board wants its cases worked (one row per organisation)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned


class BoardSettings(TenantOwned):
    """How a board wants its cases worked (one row per organisation; the defaults when absent).

    The board coordinator's role is advisory (seed 000 §2.1 "advies aan vestigingen", §2.3
    "gevraagd en ongevraagd advies"): they read every case and add advice, but record and
    move cases only when the board says so here."""

    board_coordinator_acts = models.BooleanField(
        _("de algemeen anti-pestcoördinator werkt mee aan zaken"), default=False,
        help_text=_("Aan: de algemeen anti-pestcoördinator mag in zaken vastleggen en ze een stap verder zetten. "
                    "Uit (zoals het beleid zegt): hij of zij leest mee en adviseert."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instellingen van het bestuur")
        verbose_name_plural = _("instellingen van besturen")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_board_settings_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation_id}"
