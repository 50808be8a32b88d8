"""The thermometer instrument, checked item for item against the seed (Bijlage 2)."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from monitoring.instrument import (
    INSTRUMENT_DIR,
    Direction,
    Instrument,
    InstrumentError,
    Item,
    QuestionKind,
    available_versions,
    common_item_keys,
    extend_instrument,
    load_instrument,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# Bijlage 2 of seed 002, verbatim, kept inside the repository so the test runs in any clone.
SEED = REPO_ROOT / "tests" / "reference" / "seed_002_bijlage_2.txt"
SECTION_COUNTS = [5, 5, 4, 4, 9, 6, 9]


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        raise AssertionError(f"reference text missing: {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_thermometer(seed_text: str) -> list[tuple[str, list[str]]]:
    """Sections of Bijlage 2 as (lead-in, [item texts]), parsed from the seed itself."""
    start = seed_text.index("Bijlage 2: Thermometer")
    end = seed_text.index("Bijlage 3", start)
    sections: list[tuple[str, list[str]]] = []
    for raw in seed_text[start:end].splitlines():
        line = raw.strip()
        if m := re.match(r"^(\d)\.\s+(.+)$", line):
            sections.append((_norm(m.group(2)), []))
        elif m := re.match(r"^-\s+(.+?)\s+0 1 2 3 4 5$", line):
            sections[-1][1].append(_norm(m.group(1)))
    return sections


@pytest.fixture(scope="module")
def thermometer() -> Instrument:
    return load_instrument("thermometer", 1)


def test_it_has_seven_sections_and_42_items(thermometer: Instrument) -> None:
    assert len(thermometer.sections) == 7
    assert [len(s.items) for s in thermometer.sections] == SECTION_COUNTS
    assert len(thermometer.item_keys) == 42
    assert [s.number for s in thermometer.sections] == [1, 2, 3, 4, 5, 6, 7]


def test_it_uses_the_seed_texts_item_for_item(thermometer, seed_thermometer) -> None:
    assert [len(items) for _, items in seed_thermometer] == SECTION_COUNTS
    for section, (seed_lead, seed_items) in zip(
        thermometer.sections, seed_thermometer, strict=True
    ):
        assert _norm(section.lead_nl) == seed_lead
        assert [_norm(i.text_nl) for i in section.items] == seed_items


def test_every_dutch_text_occurs_in_the_seed(thermometer, seed_text) -> None:
    seed = _norm(seed_text)
    for section in thermometer.sections:
        assert _norm(section.lead_nl) in seed
        for item in section.items:
            assert _norm(item.text_nl) in seed, item.key


def test_it_takes_scale_labels_from_the_seed(thermometer, seed_text) -> None:
    scale = thermometer.scale
    assert scale.values == (0, 1, 2, 3, 4, 5)
    assert scale.label(0) == "Nooit" and scale.label(5) == "Altijd"
    assert scale.label(0, "en") == "Never" and scale.label(5, "en") == "Always"
    assert scale.label(3) is None  # the seed labels only the two ends
    assert re.search(r"Nooit\s+Altijd", seed_text)
    assert scale.is_valid(0) and scale.is_valid(5)
    assert not scale.is_valid(6) and not scale.is_valid(True) and not scale.is_valid(2.5)


def test_it_asks_the_seeds_background_questions(thermometer, seed_text) -> None:
    gender = thermometer.background_question("gender")
    assert [o.label_nl for o in gender.options] == [
        "jongen",
        "meisje",
        "anders",
        "zeg ik liever niet",
    ]
    assert "Ik ben een jongen/meisje" in seed_text
    department = thermometer.background_question("department")
    labels = [o.label_nl for o in department.options]
    assert "/".join(labels) == "vmbo/mavo/havo/vwo/anders"
    assert "Ik zit in de afdeling vmbo/mavo/havo/vwo/anders" in seed_text
    school_class = thermometer.background_question("school_class")
    assert school_class.kind is QuestionKind.TEXT and school_class.options == ()
    assert "Ik zit in klas" in seed_text


def test_sections_one_to_three_are_higher_is_safer(thermometer) -> None:
    directions = [s.direction for s in thermometer.sections]
    assert directions == [Direction.HIGHER_IS_SAFER] * 3 + [Direction.HIGHER_IS_WORSE] * 4


def test_every_text_has_an_english_translation(thermometer) -> None:
    for section, item in thermometer.items():
        assert section.lead_en.strip() and item.text_en.strip()
        assert item.text("en") == item.text_en and item.text() == item.text_nl
    for question in thermometer.background_questions:
        assert question.text_en and all(o.label_en for o in question.options)


def test_item_keys_are_stable_and_prefixed_by_section(thermometer) -> None:
    keys = thermometer.item_keys
    assert len(set(keys)) == 42
    assert keys[0] == "safe_to.be_myself"
    assert "makes_unsafe.name_calling" in keys and "unsafe_acts.name_calling" in keys
    for section, item in thermometer.items():
        assert item.key.startswith(section.key + ".")
    assert thermometer.section_of("targeted_for.lgbt").number == 6


def test_it_is_immutable(thermometer) -> None:
    with pytest.raises(FrozenInstanceError):
        thermometer.version = 2  # type: ignore[misc]
    assert load_instrument() is thermometer  # cached: safe because immutable


def test_versions_one_and_two_ship() -> None:
    assert available_versions("thermometer") == [1, 2]
    with pytest.raises(InstrumentError):
        load_instrument("thermometer", 3)
    with pytest.raises(InstrumentError):
        load_instrument("../etc/passwd", 1)


@pytest.fixture
def instrument_dir(tmp_path: Path) -> Path:
    shutil.copy(INSTRUMENT_DIR / "thermometer_v1.json", tmp_path)
    v2 = {
        "key": "thermometer",
        "version": 2,
        "extends": 1,
        "add_items": {
            "safe_in": [
                {
                    "key": "safe_in.online",
                    "text_nl": "Online, bij contact met klasgenoten",
                    "text_en": "Online, in contact with classmates",
                    "aspect": "veiligheidsbeleving",
                    "addition_nl": "test",
                }
            ]
        },
        "add_sections": [
            {
                "number": 0,
                "key": "wellbeing",
                "lead_nl": "Ik voel me",
                "lead_en": "I feel",
                "direction": "higher_is_safer",
                "addition_nl": "test",
                "items": [{"key": "wellbeing.happy", "text_nl": "Blij", "text_en": "Happy", "aspect": "welbevinden",
                           "addition_nl": "test"}],
            }
        ],
    }
    (tmp_path / "thermometer_v2.json").write_text(json.dumps(v2), encoding="utf-8")
    return tmp_path


def test_version_two_extends_version_one(instrument_dir: Path, thermometer) -> None:
    v2 = load_instrument("thermometer", 2, directory=instrument_dir)
    assert v2.version == 2 and v2.lineage == (1,)
    assert len(v2.item_keys) == 44
    # Every v1 item keeps its key, texts and place: old results stay comparable.
    for v1_section in thermometer.sections:
        v2_section = v2.section(v1_section.key)
        assert v2_section.items[: len(v1_section.items)] == v1_section.items
    assert v2.section("safe_in").items[-1].key == "safe_in.online"
    assert v2.section("wellbeing").number == 8
    assert common_item_keys(thermometer, v2) == thermometer.item_keys
    assert available_versions("thermometer", instrument_dir) == [1, 2]


def test_an_extension_cannot_reuse_a_key(thermometer) -> None:
    with pytest.raises(InstrumentError, match="duplicate item key"):
        extend_instrument(
            thermometer,
            version=2,
            add_items={"safe_in": [Item("safe_in.classroom", "In de klas", "In class", addition_nl="x")]},
        )


def test_an_extension_cannot_add_to_an_unknown_section(thermometer) -> None:
    with pytest.raises(InstrumentError, match="unknown sections"):
        extend_instrument(thermometer, version=2, add_items={"nope": [Item("nope.x", "x", "x")]})


def test_an_extension_must_raise_the_version(thermometer) -> None:
    with pytest.raises(InstrumentError, match="must be above"):
        extend_instrument(thermometer, version=1)


def test_an_item_key_must_carry_its_section(thermometer) -> None:
    with pytest.raises(InstrumentError, match="must start with"):
        extend_instrument(
            thermometer, version=2, add_items={"safe_in": [Item("safe_to.online", "a", "b", addition_nl="x")]}
        )
