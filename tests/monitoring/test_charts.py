"""SVG charts: valid XML, accessible, escaped, and never a number for a hidden group."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from monitoring.charts import (
    PLOT_W,
    PLOT_X,
    Bar,
    Series,
    mean_bar_chart,
    share_bar_chart,
    suppressed_chart,
    trend_chart,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
EVIL = '<script>alert("x")</script> & 2B'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def texts(root: ET.Element, cls: str | None = None) -> list[str]:
    return [
        "".join(t.itertext())
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if cls is None or cls in (t.get("class") or "").split()
    ]


def assert_accessible(root: ET.Element) -> None:
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ [\d.]+", root.get("viewBox") or "")
    assert root.get("width") is None and root.get("height") is None  # scales with its box
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not any(el.get("style") for el in root.iter())  # strict CSP: no inline styles
    assert not any(el.tag.endswith("script") for el in root.iter())


def bars_of(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "bar"]


@pytest.fixture
def means_svg() -> str:
    return mean_bar_chart(
        [
            Bar("In de klas", 2.5, comparison=4.0, n=23),
            Bar("In de kantine/aula/overblijfruimte", None, comparison=3.0),
            Bar(EVIL, 5.0),
            Bar("Op het schoolplein", 0.0),
        ],
        title="Ik voel mij veilig",
        anchor_labels={0: "Nooit", 5: "Altijd"},
        comparison_label="Vorige ronde",
    )


def test_it_renders_valid_accessible_svg(means_svg: str) -> None:
    root = parse(means_svg)
    assert_accessible(root)
    assert root.find("svg:title", NS).text == "Ik voel mij veilig"
    assert {"Nooit", "Altijd", "Vorige ronde"} <= set(texts(root))


def test_it_maps_values_to_bar_widths(means_svg: str) -> None:
    widths = [float(b.get("width")) for b in bars_of(parse(means_svg))]
    # 2.5, 5.0 and 0.0 on 0-5: half, full and no width; the hidden row has no bar.
    assert widths == [PLOT_W / 2, PLOT_W, 0.0]
    assert all(float(b.get("x")) == PLOT_X for b in bars_of(parse(means_svg)))


def test_it_places_the_comparison_marker(means_svg: str) -> None:
    root = parse(means_svg)
    xs = [
        float(line.get("x1"))
        for line in root.iter("{http://www.w3.org/2000/svg}line")
        if line.get("class") == "comparison"
    ]
    assert xs == [PLOT_X + PLOT_W * 4 / 5, PLOT_X + PLOT_W * 3 / 5]


def test_it_escapes_labels(means_svg: str) -> None:
    assert "<script>" not in means_svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 2B" in means_svg
    root = parse(means_svg)
    assert EVIL in texts(root, "label")
    assert EVIL in root.find("svg:desc", NS).text


def test_it_shows_no_number_for_a_hidden_group(means_svg: str) -> None:
    root = parse(means_svg)
    assert texts(root, "suppressed-value") == ["< 10"]
    assert texts(root, "value") == ["2,5", "< 10", "5,0", "0,0"]
    assert texts(root, "n") == ["n = 23"]  # only next to a published value
    desc = root.find("svg:desc", NS).text
    assert "In de kantine/aula/overblijfruimte: minder dan 10 respondenten, niet getoond" in desc
    assert "In de klas: 2,5 (n = 23); vergelijking" not in desc  # named by its label
    assert "In de klas: 2,5 (n = 23); Vorige ronde: 4,0." in desc


def test_it_shows_shares_as_percentages() -> None:
    svg = share_bar_chart(
        [Bar("Jongens", 0.42), Bar("Meisjes", None), Bar("Anders", 1.0)],
        title="Aandeel vaak of altijd",
        lang="en",
    )
    root = parse(svg)
    assert_accessible(root)
    assert [float(b.get("width")) for b in bars_of(root)] == [
        pytest.approx(PLOT_W * 0.42),
        PLOT_W,
    ]
    assert texts(root, "value") == ["42%", "< 10", "100%"]
    assert "Meisjes: fewer than 10 respondents, not shown." in root.find("svg:desc", NS).text


def test_it_rejects_values_off_the_scale() -> None:
    with pytest.raises(ValueError, match="outside"):
        mean_bar_chart([Bar("x", 5.5)], title="t")
    with pytest.raises(ValueError, match="outside"):
        share_bar_chart([Bar("x", 0.5, comparison=1.2)], title="t")


def test_it_follows_the_threshold() -> None:
    root = parse(mean_bar_chart([Bar("x", None)], title="t", k=15))
    assert texts(root, "suppressed-value") == ["< 15"]


def test_it_draws_a_trend_with_gaps_for_hidden_rounds() -> None:
    svg = trend_chart(
        ["2023-1", "2023-2", "2024-1", "2024-2"],
        [Series("Klas 2B", [3.0, None, 3.5, 4.0]), Series(EVIL, [1.0, 2.0, 3.0, 4.0])],
        title="Veilig in de klas",
    )
    root = parse(svg)
    assert_accessible(root)
    lines = [p for p in root.iter("{http://www.w3.org/2000/svg}polyline")]
    # Klas 2B: one line after the gap (the lone first point gets a marker only).
    assert [len(p.get("points").split()) for p in lines] == [2, 4]
    assert texts(root, "suppressed-value") == ["< 10"]
    desc = root.find("svg:desc", NS).text
    assert "2023-2: minder dan 10 respondenten, niet getoond" in desc
    assert "<script>" not in svg
    # Legend distinguishes series by dash as well as colour.
    dashes = [
        ln.get("stroke-dasharray")
        for ln in root.iter("{http://www.w3.org/2000/svg}line")
        if ln.get("class") == "legend-line"
    ]
    assert dashes[0] is None and dashes[1]


def test_a_trend_needs_a_value_per_round() -> None:
    with pytest.raises(ValueError, match="one value per round"):
        trend_chart(["a", "b"], [Series("x", [1.0])], title="t")


def test_it_renders_a_whole_chart_as_suppressed() -> None:
    svg = suppressed_chart(title=f"Klas {EVIL}")
    root = parse(svg)
    assert_accessible(root)
    numbers = [n for t in texts(root) for n in re.findall(r"\d+", t)]
    assert set(numbers) == {"10"}  # the threshold, never a value
    assert "&lt;script&gt;" in svg


def test_it_uses_a_safe_chart_id() -> None:
    root = parse(mean_bar_chart([Bar("x", 1.0)], title="t", chart_id="klas-2b"))
    assert root.get("id") == "klas-2b"
    with pytest.raises(ValueError):
        mean_bar_chart([Bar("x", 1.0)], title="t", chart_id='a" onload="x')
    # Same input, same output: cacheable and stable ids.
    assert mean_bar_chart([Bar("x", 1.0)], title="t") == mean_bar_chart([Bar("x", 1.0)], title="t")


def test_the_dashboard_never_mixes_safer_and_worse_sections_in_one_chart():
    """Issue 17, item 8: one chart per direction, each saying which way is good."""
    from types import SimpleNamespace

    from monitoring import result_charts

    def row(number, safer):
        section = SimpleNamespace(number=number, lead=f"Onderdeel {number}", higher_is_safer=safer, key=f"s{number}")
        return SimpleNamespace(section=section, figures=SimpleNamespace(mean=2.5, n=20), previous=SimpleNamespace(mean=None))

    anchors = [SimpleNamespace(value=0, label=lambda lang: "nooit"), SimpleNamespace(value=5, label=lambda lang: "altijd")]
    result = SimpleNamespace(section_rows=[row(1, True), row(4, False)], previous_round=None, k=10,
                             instrument=SimpleNamespace(scale=SimpleNamespace(anchors=anchors)))
    charts = result_charts.sections_charts(result)
    assert [heading for heading, _svg in charts] == ["Veiligheid — hoger is beter", "Onveiligheid en pesten — lager is beter"]
    safe, worse = (svg for _h, svg in charts)
    assert "Onderdeel 1" in safe and "Onderdeel 4" not in safe
    assert "Onderdeel 4" in worse and "Onderdeel 1" not in worse
