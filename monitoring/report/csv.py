"""The report's tables as one CSV: one line per figure (long format), so a spreadsheet can
filter by chapter, table and branch. The values are the PDF's, "< 10" included.

Dutch spreadsheet conventions, as monitoring.export: semicolons, UTF-8 with a BOM.
"""
from __future__ import annotations

import io

from django.utils.translation import gettext as _

from monitoring.charts import format_mean, format_share
from monitoring.suppression import suppressed_label
from people import csv_safe

from .content import Report
from .figures import RegistrationFigures
from .vocab import MEASURE_LABELS, PROGRAMME_LABELS


def _figure_rows(scope: str, figs: RegistrationFigures):
    chapter = _("Registratie")
    yield chapter, _("Kerncijfers"), scope, _("Nieuwe zaken"), figs.cases_display
    yield chapter, _("Kerncijfers"), scope, _("Afgesloten aan het eind van het jaar"), figs.closed_display
    yield chapter, _("Kerncijfers"), scope, _("Mediane doorlooptijd (dagen)"), figs.median_display
    for t in figs.tables():
        ch = _("Termijnen") if t.key == "followups" else chapter
        for row in t.rows:
            yield ch, t.title, scope, row.label, row.display
        if t.has_total:
            yield ch, t.title, scope, _("Totaal"), t.total_display
    yield _("Termijnen"), _("Kerncijfers"), scope, _("Op tijd afgerond"), figs.share_display
    yield _("Termijnen"), _("Kerncijfers"), scope, _("Te laat aan het eind van het schooljaar"), figs.overdue_display


def report_csv(report: Report) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    w = csv_safe.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow([_("Schooljaar"), _("Hoofdstuk"), _("Tabel"), _("Vestiging"), _("Rij"), _("Waarde")])
    year = report.school_year.name

    def put(*cells):
        w.writerow([year, *cells])

    for block in report.branches:
        name = block.branch.name
        put(_("Contactpersonen"), _("Contactpersonen"), name, _("Anti-pestcoördinator"), block.branch.coordinator_name)
        put(_("Contactpersonen"), _("Contactpersonen"), name, _("Vertrouwenspersoon"), block.branch.adviser_name)
        for m in block.register.measures:
            state = {True: _("Ja"), False: _("Nee")}.get(m.in_place, _("Niet ingevuld"))
            put(_("Preventie"), _("Algemene maatregelen"), name, str(MEASURE_LABELS[m.key]), f"{state}: {m.how}" if m.how else state)
        for p in block.register.programmes:
            label = p.other_name or str(PROGRAMME_LABELS.get(p.programme, p.programme))
            put(_("Preventie"), _("Programma's"), name, label, f"{p.who}; {p.when}")
        for r in block.rounds:
            hidden = suppressed_label(r.k)
            for d in [*r.departments]:
                put(_("Monitoring"), r.survey.name, name, f"{d.label}: {_('ingevuld')}", hidden if d.respondents is None else d.respondents)
                put(_("Monitoring"), r.survey.name, name, f"{d.label}: {_('respons')}", "–" if d.rate is None else format_share(d.rate))
                for s, m in zip(r.sections, d.means, strict=True):
                    put(_("Monitoring"), r.survey.name, name, f"{d.label}: {s.number}. {s.lead}", hidden if m is None else format_mean(m))
            put(_("Monitoring"), r.survey.name, name, f"{_('Hele vestiging')}: {_('ingevuld')}",
                hidden if r.total.respondents is None else r.total.respondents)
        for row in _figure_rows(name, block.figures):
            put(*row)
        for key, value in block.register.pdca.items():
            put(_("Evaluatie (PDCA)"), "PDCA", name, key.removesuffix("_text").capitalize(), value)
    if report.organisation_figures is not None:
        for row in _figure_rows(_("Hele organisatie"), report.organisation_figures):
            put(*row)
    return out.getvalue()
