"""Demo data of the protocol layer: each demo board runs its own protocol."""
from __future__ import annotations

from django.dispatch import receiver

from people.signals import demo_board_seeded

from .models import OrganisationProtocol


@receiver(demo_board_seeded)
def choose_demo_protocol(sender, organisation, board, **kwargs) -> None:
    OrganisationProtocol.objects.update_or_create(organisation=organisation, defaults={"protocol_key": board.protocol})
