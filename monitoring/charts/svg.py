"""The charts' common ground: sizes, colours, texts in two languages, escaping, the <svg> frame."""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from ..suppression import DEFAULT_K, suppressed_label

WIDTH = 680
LABEL_W = 250  # label column, text right-aligned against the plot
PLOT_X = LABEL_W + 10
PLOT_W = 320
VALUE_X = PLOT_X + PLOT_W + 10
BAR_H = 16
LINE_H = 15
FONT = "sans-serif"

TEXT = "#1A1A1A"
MUTED = "#595959"  # 7:1 on white: secondary text stays readable
GRID = "#BDBDBD"  # decorative only: the tick labels carry the information
BAR = "#0072B2"  # Okabe-Ito blue, 5.2:1
MARKER = "#000000"
SUPPRESSED_FILL = "#F2F2F2"
# Okabe-Ito hues darkened to >= 4.5:1 on white; dashes and markers double the cue.
SERIES_COLOURS = ("#0072B2", "#B04A00", "#007A5A", "#A8558A", "#000000")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4")
SERIES_MARKERS = ("circle", "square", "triangle", "diamond", "circle")

_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

TEXTS: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "suppressed": "minder dan {k} respondenten, niet getoond",
        "too_few": "te weinig respondenten",
        "comparison": "vergelijking",
        "means": "Gemiddelde op een schaal van {lo} tot {hi}.",
        "shares": "Aandeel in procenten.",
        "trend": "Verloop over de rondes op een schaal van {lo} tot {hi}.",
        "suppressed_chart": "Te weinig respondenten om resultaten te tonen (minder dan {k}).",
        "legend": "Legenda",
    },
    "en": {
        "suppressed": "fewer than {k} respondents, not shown",
        "too_few": "too few respondents",
        "comparison": "comparison",
        "means": "Mean on a scale from {lo} to {hi}.",
        "shares": "Share in percent.",
        "trend": "Trend over the rounds on a scale from {lo} to {hi}.",
        "suppressed_chart": "Too few respondents to show results (fewer than {k}).",
        "legend": "Legend",
    },
}


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart. ``value`` None means suppressed (group below K)."""

    label: str
    value: float | None
    comparison: float | None = None  # e.g. previous round or organisation average
    n: int | None = None  # shown only next to a published value


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: a value per round, None where suppressed."""

    label: str
    values: Sequence[float | None]


# --- small helpers -------------------------------------------------------------------


def phrase(lang: str, key: str, **kwargs: object) -> str:
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**kwargs)


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def num(x: float) -> str:
    # Coordinates: short, locale-free and without "-0".
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def format_mean(value: float, lang: str = "nl") -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def format_share(value: float, lang: str = "nl") -> str:
    return f"{round(value * 100)}%"


def wrap(label: str, width: int = 36, max_lines: int = 3) -> list[str]:
    lines = textwrap.wrap(label, width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def make_chart_id(kind: str, title: str, payload: object, chart_id: str | None) -> str:
    if chart_id is not None:
        # The id lands in attributes and aria references: keep it to a safe alphabet.
        if not _ID_RE.match(chart_id):
            raise ValueError(f"chart_id must match {_ID_RE.pattern}: {chart_id!r}")
        return chart_id
    # Deterministic, so the same chart renders the same bytes (cacheable, testable).
    digest = hashlib.sha1(repr((kind, title, payload)).encode(), usedforsecurity=False)
    return f"pz-{kind}-{digest.hexdigest()[:10]}"


def text_el(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = TEXT,
    cls: str = "",
    extra: str = "",
) -> str:
    class_attr = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-size="{size}"'
        f' fill="{fill}"{class_attr}{extra}>{esc(content)}</text>'
    )


def svg_doc(kind: str, cid: str, height: float, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}"'
        f' role="img" aria-labelledby="{cid}-title {cid}-desc" id="{cid}"'
        f' class="pz-chart pz-chart-{kind}" font-family="{FONT}"'
        f' preserveAspectRatio="xMinYMin meet">'
        f'<title id="{cid}-title">{esc(title)}</title>'
        f'<desc id="{cid}-desc">{esc(desc)}</desc>' + "".join(body) + "</svg>"
    )


def check_range(value: float | None, lo: float, hi: float, what: str) -> None:
    # Out-of-range values mean a bug upstream; a silently clipped bar would hide it.
    if value is not None and not lo <= value <= hi:
        raise ValueError(f"{what} {value!r} lies outside [{lo}, {hi}]")


# --- whole chart suppressed ----------------------------------------------------------


def suppressed_chart(
    *, title: str, k: int = DEFAULT_K, lang: str = "nl", chart_id: str | None = None
) -> str:
    """The placeholder for a group below the threshold: says so, shows no figures."""
    cid = make_chart_id("suppressed", title, (k, lang), chart_id)
    message = phrase(lang, "suppressed_chart", k=k)
    body = [
        f'<rect class="suppressed" x="1" y="1" width="{WIDTH - 2}" height="58" rx="4"'
        f' fill="{SUPPRESSED_FILL}" stroke="{GRID}" stroke-dasharray="4 3"/>',
        text_el(
            WIDTH / 2,
            26,
            suppressed_label(k),
            anchor="middle",
            size=16,
            fill=TEXT,
            cls="suppressed-value",
        ),
        text_el(WIDTH / 2, 45, message, anchor="middle", size=12, fill=MUTED, cls="suppressed-note"),
    ]
    return svg_doc("suppressed", cid, 60, title, message, body)
