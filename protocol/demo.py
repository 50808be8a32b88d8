"""Demo data of the protocol layer: each demo board runs its own protocol."""
from __future__ import annotations

from .models import OrganisationProtocol


def choose_demo_protocol(*, organisation, board) -> None:
    OrganisationProtocol.objects.update_or_create(organisation=organisation, defaults={"protocol_key": board.protocol})
