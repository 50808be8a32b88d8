"""Charts of result selectors' output (monitoring.results), for the pages and the PDF report.

Everything here draws published figures only: a hidden group arrives as None and the
chart shows "< K" (monitoring.charts never decides suppression itself).
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from .charts import Bar, Series, mean_bar_chart, trend_chart
from .results import BoardResults, BranchResults, SectionInfo


def _anchors(result: BranchResults, lang: str) -> dict[int, str]:
    scale = result.instrument.scale
    return {a.value: a.label(lang) for a in scale.anchors}


def section_label(section: SectionInfo) -> str:
    return f"{section.number}. {section.lead.rstrip(':')}"


def sections_chart(result: BranchResults, *, lang: str = "nl", safer: bool | None = None) -> str:
    """Per section the branch's mean, with the previous round as a black tick.

    ``safer`` True/False draws only the sections where higher is safer / worse, so one
    single-colour chart never mixes the two directions (issue 17, item 8)."""
    bars = [
        Bar(label=section_label(row.section), value=row.figures.mean, comparison=row.previous.mean, n=row.figures.n)
        for row in result.section_rows
        if safer is None or row.section.higher_is_safer == safer
    ]
    comparison = _("Vorige peiling (%(name)s)") % {"name": result.previous_round.name} if result.previous_round else None
    title = {None: _("Gemiddelde per onderdeel"), True: _("Veiligheid — hoger is beter"),
             False: _("Onveiligheid en pesten — lager is beter")}[safer]
    suffix = {None: "", True: "-safe", False: "-worse"}[safer]
    return mean_bar_chart(
        bars, title=title, anchor_labels=_anchors(result, lang), comparison_label=comparison,
        k=result.k, lang=lang, chart_id=f"chart-sections{suffix}",
    )


def sections_charts(result: BranchResults, *, lang: str = "nl") -> list[tuple[str, str]]:
    """Two charts: the sections where higher is safer, and those where higher is worse."""
    charts = []
    for safer, heading in ((True, _("Veiligheid — hoger is beter")), (False, _("Onveiligheid en pesten — lager is beter"))):
        if any(row.section.higher_is_safer == safer for row in result.section_rows):
            charts.append((heading, sections_chart(result, lang=lang, safer=safer)))
    return charts


def section_items_chart(result: BranchResults, section: SectionInfo, *, lang: str = "nl") -> str:
    """Per item of one section the branch's mean, with the previous round."""
    bars = [
        Bar(label=row.text, value=row.figures.mean, comparison=row.previous.mean, n=row.figures.n)
        for row in result.items
        if row.section.key == section.key
    ]
    comparison = _("Vorige peiling (%(name)s)") % {"name": result.previous_round.name} if result.previous_round else None
    return mean_bar_chart(
        bars, title=section_label(section), anchor_labels=_anchors(result, lang), comparison_label=comparison,
        k=result.k, lang=lang, chart_id=f"chart-{section.key}",
    )


def trend_charts(result: BranchResults, *, lang: str = "nl") -> list[tuple[str, str]]:
    """Two trend charts (sections where higher is safer; where higher is worse): (heading, svg)."""
    trend = result.trend
    if trend is None or not trend.rounds:
        return []
    names = [r.name for r in trend.rounds]
    charts = []
    for heading, safer, cid in (
        (_("Veiligheid (hoger is beter)"), True, "chart-trend-safe"),
        (_("Onveiligheid en pesten (lager is beter)"), False, "chart-trend-unsafe"),
    ):
        series = [
            Series(label=section_label(s), values=trend.means.get(s.key, (None,) * len(names)))
            for s in result.sections
            if s.higher_is_safer == safer
        ][:5]
        if series:
            charts.append((heading, trend_chart(names, series, title=heading, k=result.k, lang=lang, chart_id=cid)))
    return charts


def board_chart(result: BoardResults, section: SectionInfo, *, lang: str = "nl") -> str:
    """One section's mean per branch, with the organisation as the tick."""
    org = result.organisation.sections[section.key].mean
    bars = [Bar(label=g.label, value=g.sections[section.key].mean, comparison=org, n=g.respondents) for g in result.branches]
    return mean_bar_chart(
        bars, title=section_label(section), comparison_label=_("Hele organisatie") if org is not None else None,
        k=result.k, lang=lang, chart_id=f"chart-board-{section.key}",
    )
