"""The registry of shipped protocol definitions, every version ever shipped.

A case stores the (key, version) it started under and always runs under that
definition: shipping version 2 of a protocol adds ``SIX_STEP_V2`` next to
``SIX_STEP_V1`` here, and never edits or removes the old one, so running cases keep
their rules. New cases take ``latest(key)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from protocol.definitions.routes import ROUTES_V1
from protocol.definitions.six_step import SIX_STEP_V1
from protocol.engine import ProtocolDefinition

SIX_STEP = "six_step"
ROUTES = "routes"


class UnknownProtocol(LookupError):
    """No definition with this key (and version) is registered."""


class Registry:
    """Definitions by (key, version); refuses to register a (key, version) twice."""

    def __init__(self, definitions: Iterable[ProtocolDefinition] = ()) -> None:
        self._by_key: dict[tuple[str, int], ProtocolDefinition] = {}
        for definition in definitions:
            self.register(definition)

    def register(self, definition: ProtocolDefinition) -> None:
        ident = (definition.key, definition.version)
        if ident in self._by_key:
            raise ValueError(f"protocol {definition.key!r} v{definition.version} registered twice")
        self._by_key[ident] = definition

    def get(self, key: str, version: int) -> ProtocolDefinition:
        try:
            return self._by_key[(key, version)]
        except KeyError:
            raise UnknownProtocol(f"{key} v{version}") from None

    def latest(self, key: str) -> ProtocolDefinition:
        versions = [d for (k, _), d in self._by_key.items() if k == key]
        if not versions:
            raise UnknownProtocol(key)
        return max(versions, key=lambda d: d.version)

    def versions(self, key: str) -> tuple[int, ...]:
        return tuple(sorted(v for (k, v) in self._by_key if k == key))

    def keys(self) -> tuple[str, ...]:
        return tuple(sorted({k for (k, _) in self._by_key}))

    def __iter__(self) -> Iterator[ProtocolDefinition]:
        return iter(sorted(self._by_key.values(), key=lambda d: (d.key, d.version)))


#: Every definition ever shipped, oldest first per key. Append; never remove.
ALL: tuple[ProtocolDefinition, ...] = (SIX_STEP_V1, ROUTES_V1)

REGISTRY = Registry(ALL)


def get_definition(key: str, version: int) -> ProtocolDefinition:
    """The definition a case started under; raises ``UnknownProtocol``."""
    return REGISTRY.get(key, version)


def latest(key: str) -> ProtocolDefinition:
    """The newest version of a protocol, for new cases; raises ``UnknownProtocol``."""
    return REGISTRY.latest(key)


__all__ = [
    "ALL",
    "REGISTRY",
    "ROUTES",
    "ROUTES_V1",
    "SIX_STEP",
    "SIX_STEP_V1",
    "Registry",
    "UnknownProtocol",
    "get_definition",
    "latest",
]
