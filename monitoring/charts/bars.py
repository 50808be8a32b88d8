"""Horizontal bar charts: a mean or a share per group, with a comparison marker."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..suppression import DEFAULT_K, suppressed_label
from .svg import (
    BAR,
    BAR_H,
    GRID,
    LABEL_W,
    LINE_H,
    MARKER,
    MUTED,
    PLOT_W,
    PLOT_X,
    SUPPRESSED_FILL,
    VALUE_X,
    Bar,
    check_range,
    format_mean,
    format_share,
    make_chart_id,
    num,
    phrase,
    svg_doc,
    text_el,
    wrap,
)

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
        check_range(bar.value, lo, hi, f"value of {bar.label!r}")
        check_range(bar.comparison, lo, hi, f"comparison of {bar.label!r}")
    cid = make_chart_id(kind, title, (bars, lo, hi, comparison_label, k, lang), chart_id)
    less = suppressed_label(k)
    comp_word = comparison_label or phrase(lang, "comparison")

    def x_of(value: float) -> float:
        return PLOT_X + (value - lo) / (hi - lo) * PLOT_W

    body: list[str] = []
    described: list[str] = []
    y = 10.0
    rows_top = y
    for bar in bars:
        lines = wrap(bar.label)
        row_h = max(BAR_H + 14, len(lines) * LINE_H + 10)
        mid = y + row_h / 2
        first = mid - (len(lines) - 1) * LINE_H / 2 + 4
        for i, line in enumerate(lines):
            body.append(text_el(LABEL_W, first + i * LINE_H, line, anchor="end", cls="label"))
        if bar.value is None:
            # Suppressed: a neutral band and "< K", never a number or a bar length.
            body.append(
                f'<rect class="suppressed" x="{PLOT_X}" y="{num(mid - BAR_H / 2)}"'
                f' width="{PLOT_W}" height="{BAR_H}" fill="{SUPPRESSED_FILL}"/>'
            )
            body.append(
                text_el(
                    PLOT_X + 8,
                    mid + 4,
                    phrase(lang, "too_few"),
                    size=11,
                    fill=MUTED,
                    cls="suppressed-note",
                )
            )
            body.append(text_el(VALUE_X, mid + 4, less, cls="value suppressed-value"))
            described.append(f"{bar.label}: {phrase(lang, 'suppressed', k=k)}")
        else:
            width = x_of(bar.value) - PLOT_X
            body.append(
                f'<rect class="bar" x="{PLOT_X}" y="{num(mid - BAR_H / 2)}"'
                f' width="{num(width)}" height="{BAR_H}" fill="{BAR}"/>'
            )
            value_text = fmt(bar.value, lang)
            body.append(
                text_el(VALUE_X, mid + (0 if bar.n is not None else 4), value_text, cls="value")
            )
            if bar.n is not None:
                body.append(text_el(VALUE_X, mid + 12, f"n = {bar.n}", size=10, fill=MUTED, cls="n"))
            sentence = f"{bar.label}: {value_text}"
            if bar.n is not None:
                sentence += f" (n = {bar.n})"
            described.append(sentence)
        if bar.comparison is not None:
            cx = x_of(bar.comparison)
            # A black tick across the bar: visible on the blue, the grey and the white.
            body.append(
                f'<line class="comparison" x1="{num(cx)}" x2="{num(cx)}"'
                f' y1="{num(mid - BAR_H / 2 - 4)}" y2="{num(mid + BAR_H / 2 + 4)}"'
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
            f'<line class="grid" x1="{num(x)}" x2="{num(x)}" y1="{num(rows_top)}"'
            f' y2="{num(rows_bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )
        grid.append(
            text_el(x, rows_bottom + 14, label, anchor="middle", size=11, fill=MUTED, cls="tick")
        )
        if word:
            # The scale's own words ("Nooit" ... "Altijd") on a line of their own.
            grid.append(
                text_el(
                    x, rows_bottom + 27, word, anchor="middle", size=11, fill=MUTED, cls="tick-word"
                )
            )
    body = grid + body
    y = rows_bottom + (33 if has_words else 20)

    if comparison_label and any(b.comparison is not None for b in bars):
        y += 12
        body.append(
            f'<line class="legend-comparison" x1="{PLOT_X}" x2="{PLOT_X}" y1="{num(y - 10)}"'
            f' y2="{num(y + 2)}" stroke="{MARKER}" stroke-width="3"/>'
        )
        body.append(text_el(PLOT_X + 8, y, comparison_label, size=11, cls="legend"))
        y += 6
    desc = " ".join([intro, *(s + "." for s in described)])
    return svg_doc(kind, cid, y + 8, title, desc, body)


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
        intro=phrase(lang, "means", lo=scale_min, hi=scale_max),
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
        intro=phrase(lang, "shares"),
        comparison_label=comparison_label,
        k=k,
        lang=lang,
        chart_id=chart_id,
    )
