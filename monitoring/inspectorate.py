"""The inspectorate export: one school year of thermometer results, as CSV and JSON.

The fields are documented one by one in docs/inspectorate-export.md. Per round that
opened in the school year and per branch that took part: a row per leerjaar ×
onderwijssoort, then a row per leerjaar, per onderwijssoort and the branch's total row;
for board users also the organisation's row. Each row: invited students, respondents,
response rate, the three aspect averages (monitoring.aspects) and, per bullying
statement, the share of students per answer option 0–5.

Every row is a group of the round's one suppression grid (monitoring.results
``branch_breakdowns``; the organisation through ``board_results``), so the totals rows
never uncover a hidden cell, nor does any row minus another. A hidden row keeps its labels
and its invited count (the class sizes, no answer) and says ``onderdrukt``; all its
figures are empty.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from people import csv_safe
from people.models import Branch, SchoolYear

from . import aspects, results
from .instrument import Aspect
from .models import RoundClass
from .report.content import rounds_in_year
from .tracks import track_label

FORMAT_VERSION = 1
OPTIONS = (0, 1, 2, 3, 4, 5)
ALL = "totaal"


@dataclass
class ExportRow:
    school_year: str
    round_id: int
    round_name: str
    instrument_version: int
    k: int
    level: str  # "cel", "leerjaar", "onderwijssoort", "vestiging", "organisatie"
    branch: str
    grade: str
    track: str
    invited: int | None
    respondents: int | None
    suppressed: bool
    means: dict[str, float | None]
    #: bullying item key -> shares per option 0..5 (None when hidden or not available)
    shares: dict[str, tuple[float, ...] | None]

    @property
    def rate(self) -> float | None:
        return self.respondents / self.invited if (self.respondents is not None and self.invited) else None


def _row(base: dict, arow: aspects.AspectRow, *, level: str, grade: str, track: str) -> ExportRow:
    return ExportRow(
        **base, level=level, grade=grade, track=track, invited=arow.invited, respondents=arow.respondents,
        suppressed=arow.suppressed, means=dict(arow.means),
        shares={st.key: st.shares for st in arow.statements},
    )


def export_rows(*, organisation_id, school_year: SchoolYear, branches: list[Branch],
                with_organisation: bool) -> list[ExportRow]:
    """The rows of one school year for ``branches`` (and the organisation when allowed)."""
    allowed = {b.pk for b in branches}
    rows: list[ExportRow] = []
    for survey in rounds_in_year(organisation_id=organisation_id, school_year=school_year):
        base = {"school_year": school_year.name, "round_id": survey.pk, "round_name": survey.name,
                "instrument_version": survey.instrument_version, "k": survey.min_group_size}
        taking_part = set(RoundClass.objects.for_organisation(organisation_id).filter(round=survey)
                          .values_list("branch_id", flat=True))
        for branch in branches:
            if branch.pk not in taking_part:
                continue
            result = results.branch_breakdowns(survey=survey, branch=branch)
            asp = aspects.branch_aspects(result)
            b = {**base, "branch": branch.name}
            for g, arow in zip(result.cells, asp.cells, strict=True):
                grade, track = g.key.split(":", 1)[1].split("|")
                rows.append(_row(b, arow, level="cel", grade=_grade(grade), track=track_label(track)))
            for g, arow in zip(result.grades, asp.grades, strict=True):
                rows.append(_row(b, arow, level="leerjaar", grade=_grade(g.key.split(":", 1)[1]), track=ALL))
            for g, arow in zip(result.tracks, asp.tracks, strict=True):
                rows.append(_row(b, arow, level="onderwijssoort", grade=ALL, track=track_label(g.key.split(":", 1)[1])))
            rows.append(_row(b, asp.branch, level="vestiging", grade=ALL, track=ALL))
        if with_organisation and taking_part and allowed >= taking_part:
            board = aspects.board_aspects(results.board_results(survey=survey))
            rows.append(_row({**base, "branch": ALL}, board.school, level="organisatie", grade=ALL, track=ALL))
    return rows


def _grade(value: str) -> str:
    return value if value != results.NO_DEPARTMENT else "onbekend"


def _bullying_keys(rows: list[ExportRow]) -> list[str]:
    keys: list[str] = []
    for row in rows:
        for key in row.shares:
            if key not in keys:
                keys.append(key)
    return keys


SUPPRESSED = "onderdrukt"
NOT_ASKED = ""


def _num(value: float | None, row: ExportRow, digits: int = 2) -> str:
    if row.suppressed:
        return SUPPRESSED
    return NOT_ASKED if value is None else f"{value:.{digits}f}"


def export_csv(rows: list[ExportRow]) -> str:
    """Machine-readable CSV: comma-separated, decimal point, UTF-8, field names as in the docs."""
    keys = _bullying_keys(rows)
    out = io.StringIO()
    # Branch and round names are typed by people: neutralise formula cells.
    writer = csv_safe.writer(out, lineterminator="\r\n")
    header = ["schooljaar", "peiling_id", "peiling", "instrumentversie", "drempel", "niveau", "vestiging", "leerjaar",
              "onderwijssoort", "uitgenodigd", "respondenten", "respons", "onderdrukt",
              *(f"gemiddelde_{a.value}" for a in Aspect),
              *(f"pesten.{key}.{option}" for key in keys for option in OPTIONS)]
    writer.writerow(header)
    for r in rows:
        line = [r.school_year, r.round_id, r.round_name, r.instrument_version, r.k, r.level, r.branch, r.grade, r.track,
                "" if r.invited is None else r.invited,
                SUPPRESSED if r.suppressed else r.respondents,
                _num(r.rate, r, 3), "ja" if r.suppressed else "nee",
                *(_num(r.means[a.value], r) for a in Aspect)]
        for key in keys:
            shares = r.shares.get(key)
            for option in OPTIONS:
                if r.suppressed:
                    line.append(SUPPRESSED)
                elif key not in r.shares or shares is None:
                    line.append(NOT_ASKED)
                else:
                    line.append(f"{shares[option]:.4f}")
        writer.writerow(line)
    return out.getvalue()


def export_json(rows: list[ExportRow], *, organisation: str, school_year: SchoolYear) -> str:
    def row_data(r: ExportRow) -> dict:
        return {
            "peiling_id": r.round_id, "peiling": r.round_name, "instrumentversie": r.instrument_version,
            "drempel": r.k, "niveau": r.level, "vestiging": r.branch, "leerjaar": r.grade, "onderwijssoort": r.track,
            "uitgenodigd": r.invited, "respondenten": None if r.suppressed else r.respondents,
            "respons": None if r.suppressed or r.rate is None else round(r.rate, 3), "onderdrukt": r.suppressed,
            "gemiddelden": {a.value: (None if r.suppressed or r.means[a.value] is None else round(r.means[a.value], 4))
                            for a in Aspect},
            "pesten": {key: (None if r.suppressed or shares is None
                             else {str(o): round(shares[o], 4) for o in OPTIONS})
                       for key, shares in r.shares.items()},
        }

    return json.dumps({
        "formaat": "pestzaak-inspectie-export", "formaatversie": FORMAT_VERSION, "organisatie": organisation,
        "schooljaar": school_year.name, "beschrijving": _("Velden: zie docs/inspectorate-export.md"),
        "rijen": [row_data(r) for r in rows],
    }, ensure_ascii=False, indent=2)
