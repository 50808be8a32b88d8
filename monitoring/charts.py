"""Server-rendered SVG charts for thermometer results, for the browser and WeasyPrint PDFs.

Why SVG strings: no JavaScript or chart library reaches the student-safety pages, the
same markup prints sharply in a PDF, and the text stays selectable and readable by
screen readers. Every chart:

* has ``role="img"`` with a ``<title>`` and a ``<desc>`` that states the data in words,
  so the chart is understandable without seeing it;
* keeps labels as real ``<text>``, escaped with ``html.escape`` - labels come from class
  names and item texts, so the output is safe to ``mark_safe``;
* sizes itself with a ``viewBox`` only (it scales to its container) and uses
  presentation attributes, never ``style=``, so a strict Content-Security-Policy holds;
* draws with the Okabe-Ito colour-blind-safe hues, darkened to >= 4.5:1 against white,
  and never relies on colour alone (series also differ in dash and marker shape);
* renders a value of ``None`` as suppressed: the text "< K" and no number at all. A
  chart never decides suppression itself - feed it ``monitoring.suppression`` output.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from monitoring.suppression import DEFAULT_K, suppressed_label

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


def _t(lang: str, key: str, **kwargs: object) -> str:
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**kwargs)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _num(x: float) -> str:
    # Coordinates: short, locale-free and without "-0".
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def format_mean(value: float, lang: str = "nl") -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "nl" else text


def format_share(value: float, lang: str = "nl") -> str:
    return f"{round(value * 100)}%"


def _wrap(label: str, width: int = 36, max_lines: int = 3) -> list[str]:
    lines = textwrap.wrap(label, width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _chart_id(kind: str, title: str, payload: object, chart_id: str | None) -> str:
    if chart_id is not None:
        # The id lands in attributes and aria references: keep it to a safe alphabet.
        if not _ID_RE.match(chart_id):
            raise ValueError(f"chart_id must match {_ID_RE.pattern}: {chart_id!r}")
        return chart_id
    # Deterministic, so the same chart renders the same bytes (cacheable, testable).
    digest = hashlib.sha1(repr((kind, title, payload)).encode(), usedforsecurity=False)
    return f"pz-{kind}-{digest.hexdigest()[:10]}"


def _text(
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
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="{size}"'
        f' fill="{fill}"{class_attr}{extra}>{_e(content)}</text>'
    )


def _svg(kind: str, cid: str, height: float, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_num(height)}"'
        f' role="img" aria-labelledby="{cid}-title {cid}-desc" id="{cid}"'
        f' class="pz-chart pz-chart-{kind}" font-family="{FONT}"'
        f' preserveAspectRatio="xMinYMin meet">'
        f'<title id="{cid}-title">{_e(title)}</title>'
        f'<desc id="{cid}-desc">{_e(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _check_range(value: float | None, lo: float, hi: float, what: str) -> None:
    # Out-of-range values mean a bug upstream; a silently clipped bar would hide it.
    if value is not None and not lo <= value <= hi:
        raise ValueError(f"{what} {value!r} lies outside [{lo}, {hi}]")


# --- horizontal bars ------------------------------------------------------------------


def _bar_chart(
    kind: str,
    bars: Sequence[Bar],
    *,
    title: str,
    lo: float,
    hi: float,
    fmt: Callable[[float, str], str],
    ticks: Sequence[tuple[float, str, str]],
    intro: str,
    comparison_label: str | None,
    k: int,
    lang: str,
    chart_id: str | None,
) -> str:
    for bar in bars:
        _check_range(bar.value, lo, hi, f"value of {bar.label!r}")
        _check_range(bar.comparison, lo, hi, f"comparison of {bar.label!r}")
    cid = _chart_id(kind, title, (bars, lo, hi, comparison_label, k, lang), chart_id)
    less = suppressed_label(k)
    comp_word = comparison_label or _t(lang, "comparison")

    def x_of(value: float) -> float:
        return PLOT_X + (value - lo) / (hi - lo) * PLOT_W

    body: list[str] = []
    described: list[str] = []
    y = 10.0
    rows_top = y
    for bar in bars:
        lines = _wrap(bar.label)
        row_h = max(BAR_H + 14, len(lines) * LINE_H + 10)
        mid = y + row_h / 2
        first = mid - (len(lines) - 1) * LINE_H / 2 + 4
        for i, line in enumerate(lines):
            body.append(_text(LABEL_W, first + i * LINE_H, line, anchor="end", cls="label"))
        if bar.value is None:
            # Suppressed: a neutral band and "< K", never a number or a bar length.
            body.append(
                f'<rect class="suppressed" x="{PLOT_X}" y="{_num(mid - BAR_H / 2)}"'
                f' width="{PLOT_W}" height="{BAR_H}" fill="{SUPPRESSED_FILL}"/>'
            )
            body.append(
                _text(
                    PLOT_X + 8,
                    mid + 4,
                    _t(lang, "too_few"),
                    size=11,
                    fill=MUTED,
                    cls="suppressed-note",
                )
            )
            body.append(_text(VALUE_X, mid + 4, less, cls="value suppressed-value"))
            described.append(f"{bar.label}: {_t(lang, 'suppressed', k=k)}")
        else:
            width = x_of(bar.value) - PLOT_X
            body.append(
                f'<rect class="bar" x="{PLOT_X}" y="{_num(mid - BAR_H / 2)}"'
                f' width="{_num(width)}" height="{BAR_H}" fill="{BAR}"/>'
            )
            value_text = fmt(bar.value, lang)
            body.append(
                _text(VALUE_X, mid + (0 if bar.n is not None else 4), value_text, cls="value")
            )
            if bar.n is not None:
                body.append(_text(VALUE_X, mid + 12, f"n = {bar.n}", size=10, fill=MUTED, cls="n"))
            sentence = f"{bar.label}: {value_text}"
            if bar.n is not None:
                sentence += f" (n = {bar.n})"
            described.append(sentence)
        if bar.comparison is not None:
            cx = x_of(bar.comparison)
            # A black tick across the bar: visible on the blue, the grey and the white.
            body.append(
                f'<line class="comparison" x1="{_num(cx)}" x2="{_num(cx)}"'
                f' y1="{_num(mid - BAR_H / 2 - 4)}" y2="{_num(mid + BAR_H / 2 + 4)}"'
                f' stroke="{MARKER}" stroke-width="3"/>'
            )
            described[-1] += f"; {comp_word}: {fmt(bar.comparison, lang)}"
        y += row_h
    rows_bottom = y

    # Grid and axis under the bars: prepend so bars paint on top.
    grid: list[str] = []
    has_words = any(word for _, _, word in ticks)
    for value, label, word in ticks:
        x = x_of(value)
        grid.append(
            f'<line class="grid" x1="{_num(x)}" x2="{_num(x)}" y1="{_num(rows_top)}"'
            f' y2="{_num(rows_bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )
        grid.append(
            _text(x, rows_bottom + 14, label, anchor="middle", size=11, fill=MUTED, cls="tick")
        )
        if word:
            # The scale's own words ("Nooit" ... "Altijd") on a line of their own.
            grid.append(
                _text(
                    x, rows_bottom + 27, word, anchor="middle", size=11, fill=MUTED, cls="tick-word"
                )
            )
    body = grid + body
    y = rows_bottom + (33 if has_words else 20)

    if comparison_label and any(b.comparison is not None for b in bars):
        y += 12
        body.append(
            f'<line class="legend-comparison" x1="{PLOT_X}" x2="{PLOT_X}" y1="{_num(y - 10)}"'
            f' y2="{_num(y + 2)}" stroke="{MARKER}" stroke-width="3"/>'
        )
        body.append(_text(PLOT_X + 8, y, comparison_label, size=11, cls="legend"))
        y += 6
    desc = " ".join([intro, *(s + "." for s in described)])
    return _svg(kind, cid, y + 8, title, desc, body)


def mean_bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    scale_min: int = 0,
    scale_max: int = 5,
    anchor_labels: Mapping[int, str] | None = None,
    comparison_label: str | None = None,
    k: int = DEFAULT_K,
    lang: str = "nl",
    chart_id: str | None = None,
) -> str:
    """Horizontal bars of means per section or item on the answer scale.

    ``anchor_labels`` adds the scale's words under the ticks, e.g. ``{0: "Nooit",
    5: "Altijd"}`` from ``Instrument.scale``.
    """
    anchor_labels = anchor_labels or {}
    ticks = [(float(v), str(v), anchor_labels.get(v, "")) for v in range(scale_min, scale_max + 1)]
    return _bar_chart(
        "means",
        bars,
        title=title,
        lo=scale_min,
        hi=scale_max,
        fmt=format_mean,
        ticks=ticks,
        intro=_t(lang, "means", lo=scale_min, hi=scale_max),
        comparison_label=comparison_label,
        k=k,
        lang=lang,
        chart_id=chart_id,
    )


def share_bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    comparison_label: str | None = None,
    k: int = DEFAULT_K,
    lang: str = "nl",
    chart_id: str | None = None,
) -> str:
    """Horizontal bars of shares (0.0-1.0, e.g. answers >= 3), drawn as 0-100%."""
    ticks = [(v / 100, f"{v}%", "") for v in range(0, 101, 25)]
    return _bar_chart(
        "shares",
        bars,
        title=title,
        lo=0.0,
        hi=1.0,
        fmt=format_share,
        ticks=ticks,
        intro=_t(lang, "shares"),
        comparison_label=comparison_label,
        k=k,
        lang=lang,
        chart_id=chart_id,
    )


# --- trend lines ---------------------------------------------------------------------

TREND_LEFT = 40
TREND_RIGHT = WIDTH - 20
TREND_TOP = 12
TREND_PLOT_H = 180


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect class="point" x="{_num(x - 4)}" y="{_num(y - 4)}" width="8"'
            f' height="8" fill="{colour}"/>'
        )
    if shape == "triangle":
        pts = f"{_num(x)},{_num(y - 5)} {_num(x + 5)},{_num(y + 4)} {_num(x - 5)},{_num(y + 4)}"
        return f'<polygon class="point" points="{pts}" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{_num(x)},{_num(y - 5)} {_num(x + 5)},{_num(y)} {_num(x)},{_num(y + 5)} {_num(x - 5)},{_num(y)}"
        return f'<polygon class="point" points="{pts}" fill="{colour}"/>'
    return f'<circle class="point" cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{colour}"/>'


def trend_chart(
    rounds: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    scale_min: int = 0,
    scale_max: int = 5,
    k: int = DEFAULT_K,
    lang: str = "nl",
    chart_id: str | None = None,
) -> str:
    """A small line chart of means over survey rounds; a suppressed round breaks the line."""
    if len(series) > len(SERIES_COLOURS):
        raise ValueError(f"at most {len(SERIES_COLOURS)} series keep the chart readable")
    for s in series:
        if len(s.values) != len(rounds):
            raise ValueError(f"series {s.label!r} needs one value per round")
        for v in s.values:
            _check_range(v, scale_min, scale_max, f"value of {s.label!r}")
    cid = _chart_id(
        "trend", title, (tuple(rounds), series, scale_min, scale_max, k, lang), chart_id
    )
    less = suppressed_label(k)
    bottom = TREND_TOP + TREND_PLOT_H
    step = (TREND_RIGHT - TREND_LEFT - 40) / max(len(rounds) - 1, 1)

    def x_of(i: int) -> float:
        return TREND_LEFT + 20 + i * step if len(rounds) > 1 else (TREND_LEFT + TREND_RIGHT) / 2

    def y_of(v: float) -> float:
        return bottom - (v - scale_min) / (scale_max - scale_min) * TREND_PLOT_H

    body: list[str] = []
    for v in range(scale_min, scale_max + 1):
        y = y_of(v)
        body.append(
            f'<line class="grid" x1="{TREND_LEFT}" x2="{TREND_RIGHT}" y1="{_num(y)}"'
            f' y2="{_num(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(TREND_LEFT - 6, y + 4, str(v), anchor="end", size=11, fill=MUTED, cls="tick")
        )
    label_lines = 1
    for i, name in enumerate(rounds):
        lines = _wrap(name, width=max(8, int(step // 7)), max_lines=2)
        label_lines = max(label_lines, len(lines))
        for j, line in enumerate(lines):
            body.append(
                _text(x_of(i), bottom + 16 + j * 13, line, anchor="middle", size=11, cls="round")
            )
    described = []
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index]
        dash = SERIES_DASHES[index]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        # Split at suppressed rounds: joining across a gap would imply a value there.
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_num(x_of(i))},{_num(y_of(v))}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                body.append(
                    f'<polyline class="line" points="{" ".join(seg)}" fill="none"'
                    f' stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
        parts = []
        for i, v in enumerate(s.values):
            if v is None:
                # Stacked per series just above the axis, in the series' colour.
                body.append(
                    _text(
                        x_of(i),
                        bottom - 6 - index * 13,
                        less,
                        anchor="middle",
                        size=10,
                        fill=colour,
                        cls="suppressed-value",
                    )
                )
                parts.append(f"{rounds[i]}: {_t(lang, 'suppressed', k=k)}")
            else:
                body.append(_marker(SERIES_MARKERS[index], x_of(i), y_of(v), colour))
                parts.append(f"{rounds[i]}: {format_mean(v, lang)}")
        described.append(f"{s.label}: " + "; ".join(parts) + ".")
    y = bottom + 16 + label_lines * 13 + 8
    # Legend: sample line + marker + label, so colour is never the only cue.
    x = TREND_LEFT
    for index, s in enumerate(series):
        colour = SERIES_COLOURS[index]
        dash = SERIES_DASHES[index]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line class="legend-line" x1="{_num(x)}" x2="{_num(x + 28)}"'
            f' y1="{_num(y - 4)}" y2="{_num(y - 4)}" stroke="{colour}"'
            f' stroke-width="2.5"{dash_attr}/>'
        )
        body.append(_marker(SERIES_MARKERS[index], x + 14, y - 4, colour))
        label = _wrap(s.label, width=30, max_lines=1)[0]
        body.append(_text(x + 34, y, label, size=11, cls="legend"))
        x += 34 + 7 * len(label) + 20
        if x > TREND_RIGHT - 120 and index < len(series) - 1:
            x = TREND_LEFT
            y += 18
    desc = " ".join([_t(lang, "trend", lo=scale_min, hi=scale_max), *described])
    return _svg("trend", cid, y + 10, title, desc, body)


# --- whole chart suppressed ----------------------------------------------------------


def suppressed_chart(
    *, title: str, k: int = DEFAULT_K, lang: str = "nl", chart_id: str | None = None
) -> str:
    """The placeholder for a group below the threshold: says so, shows no figures."""
    cid = _chart_id("suppressed", title, (k, lang), chart_id)
    message = _t(lang, "suppressed_chart", k=k)
    body = [
        f'<rect class="suppressed" x="1" y="1" width="{WIDTH - 2}" height="58" rx="4"'
        f' fill="{SUPPRESSED_FILL}" stroke="{GRID}" stroke-dasharray="4 3"/>',
        _text(
            WIDTH / 2,
            26,
            suppressed_label(k),
            anchor="middle",
            size=16,
            fill=TEXT,
            cls="suppressed-value",
        ),
        _text(WIDTH / 2, 45, message, anchor="middle", size=12, fill=MUTED, cls="suppressed-note"),
    ]
    return _svg("suppressed", cid, 60, title, message, body)
