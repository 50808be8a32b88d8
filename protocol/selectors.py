"""Which protocol definition applies: to an organisation's new cases, or to a running case."""
from __future__ import annotations

from .definitions import SIX_STEP, get_definition, latest
from .engine import ProtocolDefinition
from .models import OrganisationProtocol

DEFAULT_PROTOCOL = SIX_STEP


def protocol_for_new_cases(organisation) -> ProtocolDefinition:
    org_id = getattr(organisation, "pk", organisation)
    choice = OrganisationProtocol.objects.for_organisation(org_id).values_list("protocol_key", flat=True).first()
    return latest(choice or DEFAULT_PROTOCOL)


def definition_of(case) -> ProtocolDefinition:
    """A case runs under the version it started with, whatever has shipped since."""
    return get_definition(case.protocol_key, case.protocol_version)
