"""The shape of a conversation guide: titled sections of prompts, with the appendix it comes from."""
from __future__ import annotations

from dataclasses import dataclass

from protocol.vocabulary import Text


@dataclass(frozen=True)
class Section:
    title: Text
    prompts: tuple[Text, ...]


@dataclass(frozen=True)
class Guide:
    key: str
    title: Text
    #: The appendix in the board's own policy document ("Bijlage 10" of seed 000, "Bijlage 6" of seed 002).
    source: Text
    intro: Text
    sections: tuple[Section, ...]


def _t(nl: str, en: str) -> Text:
    return Text(nl, en)
