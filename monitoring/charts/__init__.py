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

The package: ``svg`` (the common ground and the whole-chart "suppressed" notice),
``bars`` (means and shares per group), ``trend`` (rounds over time). Import from
``monitoring.charts``.
"""
from __future__ import annotations

from .bars import mean_bar_chart, share_bar_chart
from .svg import PLOT_W, PLOT_X, Bar, Series, format_mean, format_share, suppressed_chart
from .trend import trend_chart

__all__ = [
    "PLOT_W", "PLOT_X", "Bar", "Series", "format_mean", "format_share", "mean_bar_chart", "share_bar_chart",
    "suppressed_chart", "trend_chart",
]
