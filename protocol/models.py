"""Which protocol each organisation runs (the definitions themselves are code: protocol.definitions)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned


def protocol_choices():
    from .definitions import ALL

    return sorted({(d.key, d.name.nl) for d in ALL})


class OrganisationProtocol(TenantOwned):
    """The protocol new cases of this organisation start under (latest version of the key)."""

    protocol_key = models.CharField(_("protocol"), max_length=40, choices=protocol_choices)

    class Meta:
        verbose_name = _("protocolkeuze")
        verbose_name_plural = _("protocolkeuzes")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_protocol_per_org")]

    def __str__(self) -> str:
        return self.protocol_key
