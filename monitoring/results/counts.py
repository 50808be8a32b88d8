"""Loading the pre-aggregated counts, grouped by the database (never the responses)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from django.db.models import Sum

from ..instrument import load_instrument
from ..instrument.schema import Instrument
from ..models import ResultCount, SurveyRound
from .values import GENDER_GROUPS, Sums

# --- loading counts --------------------------------------------------------------------


def sums_of(row: Mapping) -> Sums:
    return Sums(int(row["n_sum"] or 0), int(row["total_sum"] or 0), int(row["high_sum"] or 0),
                tuple(int(row[f"{f}_sum"] or 0) for f in ResultCount.OPTION_FIELDS))


def grouped_results(qs, *fields: str) -> dict[tuple, dict[str, Sums]]:
    """ResultCount rows summed by ``fields``: {(field values): {item_key: Sums}}."""
    out: dict[tuple, dict[str, Sums]] = defaultdict(dict)
    options = {f"{f}_sum": Sum(f) for f in ResultCount.OPTION_FIELDS}
    rows = qs.values(*fields, "item_key").annotate(n_sum=Sum("n"), total_sum=Sum("total"), high_sum=Sum("high"),
                                                   **options)
    for row in rows.order_by():
        out[tuple(row[f] for f in fields)][row["item_key"]] = sums_of(row)
    return out


def instrument_of_round(survey: SurveyRound) -> Instrument:
    return load_instrument(survey.instrument_key, survey.instrument_version)


def gender_group(stored: str) -> str:
    for key, members in GENDER_GROUPS:
        if stored in members:
            return key
    return "not_said"


def gender_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {"boy": _("Jongens"), "girl": _("Meisjes"), "other": _("Anders"), "not_said": _("Zegt het liever niet / niet ingevuld")}
