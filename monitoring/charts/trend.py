"""Trend lines: one point per round, a gap where a round was suppressed."""

from __future__ import annotations

from collections.abc import Sequence

from ..suppression import DEFAULT_K, suppressed_label
from .svg import (
    GRID,
    MUTED,
    SERIES_COLOURS,
    SERIES_DASHES,
    SERIES_MARKERS,
    WIDTH,
    Series,
    check_range,
    format_mean,
    make_chart_id,
    num,
    phrase,
    svg_doc,
    text_el,
    wrap,
)

# --- trend lines ---------------------------------------------------------------------

TREND_LEFT = 40
TREND_RIGHT = WIDTH - 20
TREND_TOP = 12
TREND_PLOT_H = 180


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect class="point" x="{num(x - 4)}" y="{num(y - 4)}" width="8"'
            f' height="8" fill="{colour}"/>'
        )
    if shape == "triangle":
        pts = f"{num(x)},{num(y - 5)} {num(x + 5)},{num(y + 4)} {num(x - 5)},{num(y + 4)}"
        return f'<polygon class="point" points="{pts}" fill="{colour}"/>'
    if shape == "diamond":
        pts = f"{num(x)},{num(y - 5)} {num(x + 5)},{num(y)} {num(x)},{num(y + 5)} {num(x - 5)},{num(y)}"
        return f'<polygon class="point" points="{pts}" fill="{colour}"/>'
    return f'<circle class="point" cx="{num(x)}" cy="{num(y)}" r="4" fill="{colour}"/>'


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
            check_range(v, scale_min, scale_max, f"value of {s.label!r}")
    cid = make_chart_id(
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
            f'<line class="grid" x1="{TREND_LEFT}" x2="{TREND_RIGHT}" y1="{num(y)}"'
            f' y2="{num(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            text_el(TREND_LEFT - 6, y + 4, str(v), anchor="end", size=11, fill=MUTED, cls="tick")
        )
    label_lines = 1
    for i, name in enumerate(rounds):
        lines = wrap(name, width=max(8, int(step // 7)), max_lines=2)
        label_lines = max(label_lines, len(lines))
        for j, line in enumerate(lines):
            body.append(
                text_el(x_of(i), bottom + 16 + j * 13, line, anchor="middle", size=11, cls="round")
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
            segment.append(f"{num(x_of(i))},{num(y_of(v))}")
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
                    text_el(
                        x_of(i),
                        bottom - 6 - index * 13,
                        less,
                        anchor="middle",
                        size=10,
                        fill=colour,
                        cls="suppressed-value",
                    )
                )
                parts.append(f"{rounds[i]}: {phrase(lang, 'suppressed', k=k)}")
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
            f'<line class="legend-line" x1="{num(x)}" x2="{num(x + 28)}"'
            f' y1="{num(y - 4)}" y2="{num(y - 4)}" stroke="{colour}"'
            f' stroke-width="2.5"{dash_attr}/>'
        )
        body.append(_marker(SERIES_MARKERS[index], x + 14, y - 4, colour))
        label = wrap(s.label, width=30, max_lines=1)[0]
        body.append(text_el(x + 34, y, label, size=11, cls="legend"))
        x += 34 + 7 * len(label) + 20
        if x > TREND_RIGHT - 120 and index < len(series) - 1:
            x = TREND_LEFT
            y += 18
    desc = " ".join([phrase(lang, "trend", lo=scale_min, hi=scale_max), *described])
    return svg_doc("trend", cid, y + 10, title, desc, body)
