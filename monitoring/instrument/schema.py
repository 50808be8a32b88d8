"""The thermometer instrument as immutable data.

Survey answers are stored against *item keys*, never against positions or texts, so
that a later version of the instrument can add items (or reword the English) without
breaking the results of earlier rounds. Everything here is a frozen dataclass made of
tuples, so an instrument can be cached and shared between requests safely.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class InstrumentError(ValueError):
    """The instrument data is malformed or an extension would break earlier results."""


class Direction(StrEnum):
    # Sections 1-3 ask how safe a student feels: a high answer is good news.
    HIGHER_IS_SAFER = "higher_is_safer"
    # Sections 4-7 ask how often something bad happens: a high answer is bad news.
    HIGHER_IS_WORSE = "higher_is_worse"


class Aspect(StrEnum):
    """The three things the law asks a school to monitor (Besluit 17 juni 2020, Stb. 2020-209).

    The values are the Dutch terms: they appear as-is in the inspection export."""

    SAFETY_PERCEPTION = "veiligheidsbeleving"
    HARM = "aantasting"
    WELLBEING = "welbevinden"


class QuestionKind(StrEnum):
    CHOICE = "choice"
    TEXT = "text"


# Keys are "<section key>.<item slug>": lower-case ASCII so they are safe in CSV
# headers, URLs and JSON exports, and readable without the instrument at hand.
SECTION_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ITEM_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Item:
    key: str
    text_nl: str
    text_en: str
    #: Which of the three legal aspects the item measures; None: none of them.
    aspect: Aspect | None = None
    #: A bullying statement: the inspectorate sees the share of students per answer option.
    bullying: bool = False
    #: Why a later version added this item (empty for the seed's own items).
    addition_nl: str = ""

    def text(self, lang: str = "nl") -> str:
        return self.text_en if lang == "en" else self.text_nl


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    lead_nl: str
    lead_en: str
    direction: Direction
    items: tuple[Item, ...]
    #: Why a later version added this section (empty for the seed's own sections).
    addition_nl: str = ""

    def lead(self, lang: str = "nl") -> str:
        return self.lead_en if lang == "en" else self.lead_nl

    @property
    def higher_is_safer(self) -> bool:
        return self.direction is Direction.HIGHER_IS_SAFER


@dataclass(frozen=True)
class ScaleAnchor:
    value: int
    label_nl: str
    label_en: str

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl


@dataclass(frozen=True)
class Scale:
    """An integer answer scale. The seed labels only the two ends ("Nooit" … "Altijd")."""

    minimum: int
    maximum: int
    anchors: tuple[ScaleAnchor, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(range(self.minimum, self.maximum + 1))

    def label(self, value: int, lang: str = "nl") -> str | None:
        for anchor in self.anchors:
            if anchor.value == value:
                return anchor.label(lang)
        return None

    def is_valid(self, answer: object) -> bool:
        # bool is an int subclass; a True answer is a bug upstream, not a 1.
        return (
            isinstance(answer, int)
            and not isinstance(answer, bool)
            and self.minimum <= answer <= self.maximum
        )


@dataclass(frozen=True)
class Option:
    key: str
    label_nl: str
    label_en: str

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl


@dataclass(frozen=True)
class BackgroundQuestion:
    key: str
    kind: QuestionKind
    text_nl: str
    text_en: str
    options: tuple[Option, ...] = ()

    def text(self, lang: str = "nl") -> str:
        return self.text_en if lang == "en" else self.text_nl

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)


@dataclass(frozen=True)
class AspectInfo:
    """One aspect as the instrument defines it: its labels and which way is good news."""

    key: Aspect
    label_nl: str
    label_en: str
    direction: Direction

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl

    @property
    def higher_is_safer(self) -> bool:
        return self.direction is Direction.HIGHER_IS_SAFER


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    sections: tuple[Section, ...]
    background_questions: tuple[BackgroundQuestion, ...]
    scale: Scale
    title_nl: str = ""
    title_en: str = ""
    intro_nl: str = ""
    intro_en: str = ""
    period_nl: str = ""
    period_en: str = ""
    source: str = ""
    # Versions this one was built on, oldest first; empty for a base version.
    lineage: tuple[int, ...] = field(default=())
    aspects: tuple[AspectInfo, ...] = ()

    def __post_init__(self) -> None:
        _validate(self)

    def items(self) -> Iterator[tuple[Section, Item]]:
        for section in self.sections:
            for item in section.items:
                yield section, item

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for _, item in self.items())

    def item(self, key: str) -> Item:
        for _, item in self.items():
            if item.key == key:
                return item
        raise KeyError(key)

    def section_of(self, item_key: str) -> Section:
        for section, item in self.items():
            if item.key == item_key:
                return section
        raise KeyError(item_key)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def aspect(self, key: Aspect | str) -> AspectInfo:
        for info in self.aspects:
            if info.key == key:
                return info
        raise KeyError(key)

    def aspect_items(self, key: Aspect | str) -> tuple[tuple[Item, bool], ...]:
        """The items of an aspect, each with ``reversed``: its section's direction is the
        opposite of the aspect's, so it counts as (maximum - answer)."""
        info = self.aspect(key)
        return tuple(
            (item, section.direction is not info.direction)
            for section, item in self.items()
            if item.aspect == info.key
        )

    @property
    def bullying_item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for _, item in self.items() if item.bullying)

    @property
    def additions(self) -> tuple[tuple[Section, Item | None], ...]:
        """Sections and items added by a later version (each carries its reason)."""
        found: list[tuple[Section, Item | None]] = []
        for section in self.sections:
            if section.addition_nl:
                found.append((section, None))
            found.extend((section, item) for item in section.items if item.addition_nl)
        return tuple(found)

    def background_question(self, key: str) -> BackgroundQuestion:
        for question in self.background_questions:
            if question.key == key:
                return question
        raise KeyError(key)


def common_item_keys(*instruments: Instrument) -> tuple[str, ...]:
    """Item keys present in every given instrument, in the order of the first.

    Trends across rounds answered on different versions may only compare these.
    """
    if not instruments:
        return ()
    others = [set(i.item_keys) for i in instruments[1:]]
    return tuple(k for k in instruments[0].item_keys if all(k in o for o in others))


def _validate(instrument: Instrument) -> None:
    if instrument.version < 1:
        raise InstrumentError(f"version must be >= 1, got {instrument.version}")
    scale = instrument.scale
    if scale.minimum >= scale.maximum:
        raise InstrumentError("scale minimum must be below its maximum")
    for anchor in scale.anchors:
        if not scale.minimum <= anchor.value <= scale.maximum:
            raise InstrumentError(f"scale anchor {anchor.value} lies outside the scale")
    numbers = [s.number for s in instrument.sections]
    if numbers != list(range(1, len(numbers) + 1)):
        raise InstrumentError(f"sections must be numbered 1..n in order, got {numbers}")
    section_keys: set[str] = set()
    item_keys: set[str] = set()
    for section in instrument.sections:
        if not SECTION_KEY_RE.match(section.key) or section.key in section_keys:
            raise InstrumentError(f"bad or duplicate section key {section.key!r}")
        section_keys.add(section.key)
        if not isinstance(section.direction, Direction):
            raise InstrumentError(f"section {section.key}: unknown direction")
        if not section.items:
            raise InstrumentError(f"section {section.key} has no items")
        for item in section.items:
            if not ITEM_KEY_RE.match(item.key) or item.key in item_keys:
                raise InstrumentError(f"bad or duplicate item key {item.key!r}")
            # The prefix ties an answer to its section (and so to its direction)
            # even in a flat export.
            if not item.key.startswith(section.key + "."):
                raise InstrumentError(f"item {item.key!r} must start with {section.key!r}.")
            if not item.text_nl.strip() or not item.text_en.strip():
                raise InstrumentError(f"item {item.key!r} needs a Dutch and an English text")
            if item.aspect is not None and item.aspect not in {a.key for a in instrument.aspects}:
                raise InstrumentError(f"item {item.key!r}: aspect {item.aspect!r} is not defined")
            item_keys.add(item.key)
    if {a.key for a in instrument.aspects} != set(Aspect) or len(instrument.aspects) != len(Aspect):
        raise InstrumentError("the instrument must define each of the three aspects exactly once")
    question_keys: set[str] = set()
    for question in instrument.background_questions:
        if question.key in question_keys:
            raise InstrumentError(f"duplicate background question {question.key!r}")
        question_keys.add(question.key)
        if (question.kind is QuestionKind.CHOICE) != bool(question.options):
            raise InstrumentError(f"question {question.key!r}: only choices have options")


# --- building from plain data (JSON) ------------------------------------------------


def _str(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise InstrumentError(f"{where}: {name!r} must be a string")
    return value


def item_from_data(data: Mapping[str, Any]) -> Item:
    where = f"item {data.get('key')!r}"
    # Every item states its aspect, null included: "none" is a decision, not an omission.
    if "aspect" not in data:
        raise InstrumentError(f"{where}: 'aspect' is missing (one of {[a.value for a in Aspect]} or null)")
    try:
        aspect = None if data["aspect"] is None else Aspect(data["aspect"])
    except ValueError as exc:
        raise InstrumentError(f"{where}: unknown aspect {data['aspect']!r}") from exc
    bullying = data.get("bullying", False)
    if not isinstance(bullying, bool):
        raise InstrumentError(f"{where}: 'bullying' must be true or false")
    return Item(
        key=_str(data, "key", where),
        text_nl=_str(data, "text_nl", where),
        text_en=_str(data, "text_en", where),
        aspect=aspect,
        bullying=bullying,
        addition_nl=data.get("addition_nl", "") if isinstance(data.get("addition_nl", ""), str) else "",
    )


def section_from_data(data: Mapping[str, Any]) -> Section:
    where = f"section {data.get('key')!r}"
    try:
        direction = Direction(data.get("direction"))
    except ValueError as exc:
        raise InstrumentError(f"{where}: unknown direction {data.get('direction')!r}") from exc
    number = data.get("number")
    if not isinstance(number, int):
        raise InstrumentError(f"{where}: 'number' must be an integer")
    return Section(
        number=number,
        key=_str(data, "key", where),
        lead_nl=_str(data, "lead_nl", where),
        lead_en=_str(data, "lead_en", where),
        direction=direction,
        items=tuple(item_from_data(i) for i in data.get("items", ())),
        addition_nl=data.get("addition_nl", "") if isinstance(data.get("addition_nl", ""), str) else "",
    )


def _scale_from_data(data: Mapping[str, Any]) -> Scale:
    return Scale(
        minimum=int(data["minimum"]),
        maximum=int(data["maximum"]),
        anchors=tuple(
            ScaleAnchor(int(a["value"]), _str(a, "label_nl", "scale"), _str(a, "label_en", "scale"))
            for a in data.get("anchors", ())
        ),
    )


def _question_from_data(data: Mapping[str, Any]) -> BackgroundQuestion:
    where = f"question {data.get('key')!r}"
    try:
        kind = QuestionKind(data.get("kind"))
    except ValueError as exc:
        raise InstrumentError(f"{where}: unknown kind {data.get('kind')!r}") from exc
    return BackgroundQuestion(
        key=_str(data, "key", where),
        kind=kind,
        text_nl=_str(data, "text_nl", where),
        text_en=_str(data, "text_en", where),
        options=tuple(
            Option(_str(o, "key", where), _str(o, "label_nl", where), _str(o, "label_en", where))
            for o in data.get("options", ())
        ),
    )


def _aspects_from_data(data: Any) -> tuple[AspectInfo, ...]:
    out = []
    for a in data or ():
        where = f"aspect {a.get('key')!r}"
        try:
            out.append(AspectInfo(Aspect(a.get("key")), _str(a, "label_nl", where), _str(a, "label_en", where),
                                  Direction(a.get("direction"))))
        except ValueError as exc:
            raise InstrumentError(f"{where}: unknown key or direction") from exc
    return tuple(out)


def instrument_from_data(data: Mapping[str, Any]) -> Instrument:
    """Build a base (non-extending) instrument from its JSON form."""
    try:
        return Instrument(
            key=_str(data, "key", "instrument"),
            version=int(data["version"]),
            sections=tuple(section_from_data(s) for s in data["sections"]),
            background_questions=tuple(
                _question_from_data(q) for q in data.get("background_questions", ())
            ),
            scale=_scale_from_data(data["scale"]),
            title_nl=data.get("title_nl", ""),
            title_en=data.get("title_en", ""),
            intro_nl=data.get("intro_nl", ""),
            intro_en=data.get("intro_en", ""),
            period_nl=data.get("period_nl", ""),
            period_en=data.get("period_en", ""),
            source=data.get("source", ""),
            aspects=_aspects_from_data(data.get("aspects")),
        )
    except KeyError as exc:
        raise InstrumentError(f"instrument data lacks {exc.args[0]!r}") from exc


def extend_instrument(
    base: Instrument,
    *,
    version: int,
    add_items: Mapping[str, Sequence[Item]] | None = None,
    add_sections: Sequence[Section] = (),
    title_nl: str | None = None,
    title_en: str | None = None,
    source: str | None = None,
) -> Instrument:
    """A new version = ``base`` plus items appended to sections, plus new sections.

    Extending may only *add*: every item key of ``base`` keeps its section, texts and
    place, so answers given on ``base`` stay comparable. New sections are numbered after
    the existing ones (their ``number`` is ignored).
    """
    if version <= base.version:
        raise InstrumentError(f"version {version} must be above the base's {base.version}")
    add_items = dict(add_items or {})
    unknown = set(add_items) - {s.key for s in base.sections}
    if unknown:
        raise InstrumentError(f"cannot add items to unknown sections {sorted(unknown)}")
    # An addition says why it is there: the seed's instrument is kept verbatim, and a
    # reader of a later version must see at once what is not the seed's.
    for item in [i for items in add_items.values() for i in items] + [i for s in add_sections for i in s.items]:
        if not item.addition_nl.strip():
            raise InstrumentError(f"added item {item.key!r} needs 'addition_nl' (the reason)")
    for new in add_sections:
        if not new.addition_nl.strip():
            raise InstrumentError(f"added section {new.key!r} needs 'addition_nl' (the reason)")
    sections = [
        Section(
            number=s.number,
            key=s.key,
            lead_nl=s.lead_nl,
            lead_en=s.lead_en,
            direction=s.direction,
            items=s.items + tuple(add_items.get(s.key, ())),
            addition_nl=s.addition_nl,
        )
        for s in base.sections
    ]
    for offset, new in enumerate(add_sections, start=len(sections) + 1):
        sections.append(
            Section(offset, new.key, new.lead_nl, new.lead_en, new.direction, new.items, new.addition_nl)
        )
    # Instrument.__post_init__ rejects duplicate or mis-prefixed keys.
    return Instrument(
        key=base.key,
        version=version,
        sections=tuple(sections),
        background_questions=base.background_questions,
        scale=base.scale,
        title_nl=base.title_nl if title_nl is None else title_nl,
        title_en=base.title_en if title_en is None else title_en,
        intro_nl=base.intro_nl,
        intro_en=base.intro_en,
        period_nl=base.period_nl,
        period_en=base.period_en,
        source=base.source if source is None else source,
        lineage=base.lineage + (base.version,),
        aspects=base.aspects,
    )
