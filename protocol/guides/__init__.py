"""Help texts each protocol carries, from its own seed and with its own appendix numbers.

* ``guides_for(protocol_key, kind, lang)``: the conversation guides that fit a record of
  ``kind`` in that protocol — the six-step protocol shows seed 000's Bijlage 10/11/12/14,
  the routes protocol seed 002's Bijlage 3 to 8. A board never sees the other board's.
* ``protocol.guides.signals.signal_list_for``: the seed's list of signals of bullying.

Keyed by the definition's key, so every version of a protocol carries the same guides
until a version registers its own (``GUIDES_BY_PROTOCOL[(key, version)]`` wins).
"""
from __future__ import annotations

from dataclasses import dataclass

from protocol.guides import routes, six_step
from protocol.guides.model import Guide, Section

#: Protocol key (or (key, version)) -> {record kind: guides}.
GUIDES_BY_PROTOCOL: dict[object, dict[str, tuple[Guide, ...]]] = {
    "six_step": six_step.BY_RECORD_KIND,
    "routes": routes.BY_RECORD_KIND,
}
#: Every guide of a protocol, in its appendix order (for a reference page or a check).
ALL_GUIDES: dict[str, tuple[Guide, ...]] = {"six_step": six_step.GUIDES, "routes": routes.GUIDES}


@dataclass(frozen=True)
class ShownGuide:
    """A guide in one language, for the template."""

    key: str
    title: str
    source: str
    intro: str
    sections: list[tuple[str, list[str]]]


def guides_of(protocol_key: str, version: int | None = None) -> dict[str, tuple[Guide, ...]]:
    """The guides a protocol (version) carries, by record kind; none for an unknown protocol."""
    return GUIDES_BY_PROTOCOL.get((protocol_key, version)) or GUIDES_BY_PROTOCOL.get(protocol_key, {})


def guides_for(protocol_key: str, kind: str, lang: str = "nl", *, version: int | None = None) -> list[ShownGuide]:
    return [
        ShownGuide(
            key=g.key,
            title=g.title.get(lang),
            source=g.source.get(lang),
            intro=g.intro.get(lang),
            sections=[(s.title.get(lang), [p.get(lang) for p in s.prompts]) for s in g.sections],
        )
        for g in guides_of(protocol_key, version).get(kind, ())
    ]


__all__ = ["ALL_GUIDES", "GUIDES_BY_PROTOCOL", "Guide", "Section", "ShownGuide", "guides_for", "guides_of"]
