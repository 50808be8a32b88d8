"""The inspection export: the round's results per department, anonymised, as CSV.

Schools must let the inspectorate see their monitor data "geanonimiseerd en op het
niveau van afdelingen" (seed 000, 4.2). One row per department of each branch and one
for the branch as a whole: respondents, and per section the mean (0–5) and the share of
answers of 3 or more. The figures are exactly the dashboard's (monitoring.results
``department_rows``: the same suppression grid), so the export and the page never
complement each other; a hidden value reads "< 10" (the round's threshold).

Dutch spreadsheet conventions: semicolons between fields, a decimal comma, UTF-8 with a
byte-order mark so that Excel shows the accents.
"""
from __future__ import annotations

import io

from django.utils.text import slugify
from django.utils.translation import gettext as _

from people import csv_safe

from .results import department_rows
from .suppression import suppressed_label


def _mean(value: float | None, hidden: str) -> str:
    return hidden if value is None else f"{value:.2f}".replace(".", ",")


def _share(value: float | None, hidden: str) -> str:
    return hidden if value is None else f"{value * 100:.0f}%"


def inspection_csv(*, survey, branches, lang: str = "nl") -> str:
    sections, rows = department_rows(survey=survey, branches=branches, lang=lang)
    hidden = suppressed_label(survey.min_group_size)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_safe.writer(out, delimiter=";", lineterminator="\r\n")
    header = [_("Peiling"), _("Vestiging"), _("Afdeling"), _("Respondenten")]
    for s in sections:
        header.append(_("%(number)s. %(lead)s gemiddelde (0-5)") % {"number": s.number, "lead": s.lead.rstrip(":")})
        header.append(_("%(number)s. aandeel antwoorden 3 of hoger") % {"number": s.number})
    writer.writerow(header)
    for row in rows:
        line = [survey.name, row.branch, row.department, hidden if row.respondents is None else row.respondents]
        for s in sections:
            fig = row.sections[s.key]
            line += [_mean(fig.mean, hidden), _share(fig.share_high, hidden)]
        writer.writerow(line)
    return out.getvalue()


def export_filename(survey) -> str:
    return f"thermometer-{slugify(survey.name) or survey.pk}-afdelingen.csv"
