"""The anonymous thermometer survey (seed 002, Bijlage 2) as versioned, immutable data."""

from .loader import INSTRUMENT_DIR, available_versions, instrument_path, load_instrument
from .schema import (
    Aspect,
    AspectInfo,
    BackgroundQuestion,
    Direction,
    Instrument,
    InstrumentError,
    Item,
    Option,
    QuestionKind,
    Scale,
    ScaleAnchor,
    Section,
    common_item_keys,
    extend_instrument,
)

__all__ = [
    "INSTRUMENT_DIR",
    "Aspect",
    "AspectInfo",
    "BackgroundQuestion",
    "Direction",
    "Instrument",
    "InstrumentError",
    "Item",
    "Option",
    "QuestionKind",
    "Scale",
    "ScaleAnchor",
    "Section",
    "available_versions",
    "common_item_keys",
    "extend_instrument",
    "instrument_path",
    "load_instrument",
]
