"""Vocabulary labels in the language of the current request (protocol.vocabulary holds both)."""
from __future__ import annotations

from enum import StrEnum

from django.utils.translation import get_language

from protocol import vocabulary as v


def lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def label(vocab: type[StrEnum], key: str) -> str:
    try:
        return v.label(vocab(key), lang())
    except ValueError:
        return key


def choices(vocab: type[StrEnum]):
    """For model and form fields: a callable, so labels follow the active language."""

    def _choices():
        return v.choices(vocab, lang())

    _choices.__name__ = f"{vocab.__name__.lower()}_choices"
    return _choices


def participant_role_choices():
    return v.choices(v.ParticipantRole, lang())




def transition_outcome_choices():
    return v.choices(v.TransitionOutcome, lang())
