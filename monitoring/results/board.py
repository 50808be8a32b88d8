"""The board's side-by-side view of its branches, and the inspection export's department rows."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Sum

from people.models import Branch

from ..instrument.schema import Instrument
from ..models import RespondentCount, ResultCount, RoundClass, SurveyRound
from ..suppression import suppress_linked, suppressed_label, validate_k
from .branch import branch_breakdowns
from .counts import grouped_results, instrument_of_round
from .values import Figures, Group, SectionInfo, Sums, figures_of, sections_of, sums_by_section

# --- the board -------------------------------------------------------------------------


@dataclass
class BoardResults:
    survey: SurveyRound
    k: int
    sections: list[SectionInfo]
    branches: list[Group]
    organisation: Group
    #: Raw per-item sums of the published groups only ("branch:<id>", "organisation").
    _group_sums: dict[str, dict[str, Sums]] = field(default_factory=dict, repr=False)
    instrument: Instrument | None = None

    @property
    def suppressed_label(self) -> str:
        return suppressed_label(self.k)


def board_results(*, survey: SurveyRound, lang: str = "nl") -> BoardResults:
    """All branches of a round side by side, with the organisation (three queries)."""
    from django.utils.translation import gettext as _

    org = survey.organisation_id
    k = validate_k(survey.min_group_size)
    sections = sections_of(instrument_of_round(survey), lang)
    branch_rows = list(
        RoundClass.objects.for_organisation(org).filter(round=survey)
        .values("branch_id", "branch__name").annotate(invited_sum=Sum("invited")).order_by("branch__name")
    )
    per_branch_n = {
        row["round_class__branch_id"]: int(row["n_sum"] or 0)
        for row in RespondentCount.objects.for_organisation(org).filter(round=survey)
        .values("round_class__branch_id").annotate(n_sum=Sum("n")).order_by()
    }
    items_by_branch = {
        key[0]: items
        for key, items in grouped_results(
            ResultCount.objects.for_organisation(org).filter(round=survey), "round_class__branch_id"
        ).items()
    }
    counts = {f"branch:{row['branch_id']}": per_branch_n.get(row["branch_id"], 0) for row in branch_rows}
    counts["organisation"] = sum(counts.values())
    hidden = suppress_linked(
        counts, [(list(counts.keys() - {"organisation"}), "organisation")], k=k,
        pinned=[key for key in counts if key != "organisation"], margins=["organisation"],
    )

    group_sums: dict[str, dict[str, Sums]] = {}

    def group(key: str, label: str, per_item: Mapping[str, Sums], invited: int, ref: int | None = None) -> Group:
        published = key not in hidden
        n = counts[key] if published else None
        section_sums = sums_by_section(per_item, sections)
        if published:
            group_sums[key] = dict(per_item)
        return Group(
            key=key, label=label, respondents=n, invited=invited, ref=ref,
            rate=(n / invited) if (n is not None and invited) else None,
            sections={s.key: figures_of(section_sums[s.key], published=published, respondents=n) for s in sections},
        )

    rows = [
        group(f"branch:{row['branch_id']}", row["branch__name"], items_by_branch.get(row["branch_id"], {}),
              int(row["invited_sum"] or 0), ref=row["branch_id"])
        for row in branch_rows
    ]
    all_items: dict[str, Sums] = defaultdict(Sums)
    for per_item in items_by_branch.values():
        for key, sums in per_item.items():
            all_items[key] = all_items[key] + sums
    organisation = group("organisation", _("Hele organisatie"), all_items, sum(int(r["invited_sum"] or 0) for r in branch_rows))
    return BoardResults(survey=survey, k=k, sections=sections, branches=rows, organisation=organisation,
                        _group_sums=group_sums, instrument=instrument_of_round(survey))


# --- the inspection export -------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRow:
    branch: str
    department: str
    respondents: int | None
    sections: Mapping[str, Figures]


def department_rows(*, survey: SurveyRound, branches: Iterable[Branch], lang: str = "nl") -> tuple[list[SectionInfo], list[DepartmentRow]]:
    """Per branch: each department and the branch as a whole, as the dashboard shows them."""
    from django.utils.translation import gettext as _

    rows: list[DepartmentRow] = []
    sections: list[SectionInfo] = sections_of(instrument_of_round(survey), lang)
    for branch in branches:
        result = branch_breakdowns(survey=survey, branch=branch, lang=lang)
        if not result.classes:
            continue
        for d in result.departments:
            rows.append(DepartmentRow(branch.name, d.label, d.respondents, d.sections))
        rows.append(DepartmentRow(branch.name, str(_("Hele vestiging")), result.total.respondents, result.total.sections))
    return sections, rows
