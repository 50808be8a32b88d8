"""Each protocol carries its own guides and signal list, numbered and worded as in its own seed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from protocol.guides import ALL_GUIDES, guides_for
from protocol.guides.signals import SEED_000, SEED_002, signal_list_for
from protocol.vocabulary import RecordKind

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


SEED_000_TEXT = normalised((REFERENCE / "seed_000_signalen.txt").read_text(encoding="utf-8"))
SEED_002_TEXT = normalised((REFERENCE / "seed_002_bijlagen_1_3-8.txt").read_text(encoding="utf-8"))


def sources(protocol_key, kind):
    return {g.source for g in guides_for(protocol_key, kind)}


def test_the_routes_protocol_shows_its_own_appendices_never_the_six_step_ones():
    for kind in (RecordKind.CONVERSATION, RecordKind.INTERVENTION, RecordKind.FOLLOW_UP):
        shown = sources("routes", kind)
        assert shown, kind
        assert not shown & {"Bijlage 10", "Bijlage 11", "Bijlage 12", "Bijlage 14"}, kind
    assert sources("routes", RecordKind.CONVERSATION) == {"Bijlage 3", "Bijlage 4", "Bijlage 5", "Bijlage 6", "Bijlage 7"}
    assert "Bijlage 8" in sources("routes", RecordKind.INTERVENTION)


def test_the_six_step_protocol_keeps_seed_000s_appendices():
    assert sources("six_step", RecordKind.CONVERSATION) == {"Bijlage 10", "Bijlage 11", "Bijlage 14"}
    assert sources("six_step", RecordKind.INTERVENTION) == {"Bijlage 12", "Bijlage 14"}
    titles = {g.title for g in guides_for("six_step", RecordKind.CONVERSATION)}
    assert "Bemiddelingsgesprek" not in titles and "Oriënterend gesprek" not in titles


def test_an_unknown_protocol_shows_no_guides_rather_than_another_boards():
    assert guides_for("someone_elses", RecordKind.CONVERSATION) == []


def test_the_routes_guides_are_seed_002s_own_words():
    titles = {g.title.nl for g in ALL_GUIDES["routes"]}
    assert titles == {
        "Oriënterend gesprek", "Gesprekstips met gepeste leerling", "Tips ter voorkoming van digitale pesterijen",
        "Bemiddelingsgesprek", "Confronterend gesprek", "Herstelgesprek",
    }
    for guide in ALL_GUIDES["routes"]:
        assert normalised(guide.title.nl) in SEED_002_TEXT
        if guide.intro.nl:
            assert normalised(guide.intro.nl) in SEED_002_TEXT, guide.key
        for section in guide.sections:
            for prompt in section.prompts:
                assert normalised(prompt.nl) in SEED_002_TEXT, (guide.key, prompt.nl)
            assert section.title.en and all(p.en for p in section.prompts)


@pytest.mark.parametrize("signals, reference", [(SEED_000, SEED_000_TEXT), (SEED_002, SEED_002_TEXT)])
def test_every_signal_line_is_the_seeds_own_text(signals, reference):
    assert normalised(signals.intro) in reference
    lines = [line for _title, group in signals.groups for line in group]
    assert len(lines) > 20
    for line in lines:
        assert normalised(line) in reference, line


def test_each_protocol_has_its_own_signal_list():
    assert signal_list_for("six_step") is SEED_000
    assert signal_list_for("routes") is SEED_002
    assert [t.nl for t, _ in SEED_002.groups] == ["Dit zijn de signalen op school", "Dit zijn de signalen thuis"]


@pytest.mark.django_db
def test_the_routes_boards_case_page_shows_its_own_guides(board, client):
    from django.urls import reverse

    from tests.incidents.helpers import open_case, use_protocol

    use_protocol(board, "routes")
    case = open_case(board)
    client.force_login(board.mentor)
    page = client.get(reverse("incidents:case_detail", args=[case.pk]) + "?soort=conversation").content.decode()
    assert "Bemiddelingsgesprek" in page and "(Bijlage 6)" in page and "(Bijlage 3)" in page
    assert "Bijlage 10" not in page and "Bijlage 11" not in page
    use_protocol(board, "six_step")
    other = open_case(board)
    page = client.get(reverse("incidents:case_detail", args=[other.pk]) + "?soort=conversation").content.decode()
    assert "(Bijlage 10)" in page and "Bemiddelingsgesprek" not in page
