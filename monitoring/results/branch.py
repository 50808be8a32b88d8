"""A branch's results: breakdowns suppressed together, comparisons, what stands out, the trend."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Q, Sum

from people.models import Branch

from ..instrument import load_instrument
from ..instrument.schema import common_item_keys
from ..models import RespondentCount, ResultCount, RoundClass, SurveyRound
from ..selectors import rounds_for_branch
from ..suppression import suppress_linked, validate_k
from ..tracks import TRACK_KEYS, track_label, track_of
from .counts import gender_group, gender_labels, grouped_results, instrument_of_round
from .values import (
    GENDER_GROUPS,
    NO_DEPARTMENT,
    STANDOUT_MEAN,
    STANDOUT_SHARE,
    TREND_ROUNDS,
    BranchResults,
    Comparison,
    Figures,
    Group,
    ItemRow,
    SectionInfo,
    SectionRow,
    Sums,
    Trend,
    figures_of,
    sections_of,
    sums_by_section,
)

# --- the branch --------------------------------------------------------------------


def branch_breakdowns(*, survey: SurveyRound, branch: Branch, lang: str = "nl") -> BranchResults:
    """Respondents, response rates and section figures of a branch, per class,
    department and gender, suppressed together (four queries)."""
    from django.utils.translation import gettext as _

    k = validate_k(survey.min_group_size)
    org = survey.organisation_id
    instrument = instrument_of_round(survey)
    sections = sections_of(instrument, lang)
    classes = list(
        RoundClass.objects.for_organisation(org).filter(round=survey, branch=branch)
        .select_related("department", "school_class").order_by("class_name", "id")
    )
    class_ids = [c.pk for c in classes]
    respondents_by_class: dict[int, int] = defaultdict(int)
    respondents_by_gender: dict[str, int] = defaultdict(int)
    for rc_id, gender, n in (
        RespondentCount.objects.for_organisation(org).filter(round=survey, round_class_id__in=class_ids)
        .values_list("round_class_id", "gender", "n")
    ):
        respondents_by_class[rc_id] += n
        respondents_by_gender[gender_group(gender)] += n
    results = ResultCount.objects.for_organisation(org).filter(round=survey, round_class_id__in=class_ids)
    by_class = {key[0]: items for key, items in grouped_results(results, "round_class_id").items()}
    by_gender_raw = {key[0]: items for key, items in grouped_results(results, "gender").items()}

    # Departments (classes without one form their own group).
    dept_of = {c.pk: (str(c.department_id) if c.department_id else NO_DEPARTMENT) for c in classes}
    dept_names = {
        str(c.department_id): c.department.name for c in classes if c.department_id and c.department is not None
    }
    dept_names[NO_DEPARTMENT] = _("Geen afdeling")
    dept_keys = sorted(set(dept_of.values()), key=lambda d: (d == NO_DEPARTMENT, dept_names.get(d, d)))

    # Leerjaren: the class's grade; the same grid, so a leerjaar minus its shown classes
    # (or the branch minus the other leerjaren) never uncovers a hidden group.
    grade_of = {c.pk: (str(c.school_class.grade) if c.school_class.grade is not None else NO_DEPARTMENT)
                for c in classes}
    grade_keys = sorted(set(grade_of.values()), key=lambda g: (g == NO_DEPARTMENT, int(g) if g.isdigit() else 0))
    track_of_class = {c.pk: track_of(c.department.name if c.department is not None else "") for c in classes}
    track_keys = [t for t in TRACK_KEYS if t in set(track_of_class.values())]
    cell_of = {c.pk: f"{grade_of[c.pk]}|{track_of_class[c.pk]}" for c in classes}
    cell_keys = sorted(set(cell_of.values()), key=lambda v: (grade_keys.index(v.split("|")[0]),
                                                            track_keys.index(v.split("|")[1])))

    counts: dict[str, int] = {"branch": sum(respondents_by_class.values())}
    for c in classes:
        counts[f"class:{c.pk}"] = respondents_by_class.get(c.pk, 0)
    for d in dept_keys:
        counts[f"dept:{d}"] = sum(respondents_by_class.get(c.pk, 0) for c in classes if dept_of[c.pk] == d)
    for g, _members in GENDER_GROUPS:
        counts[f"gender:{g}"] = respondents_by_gender.get(g, 0)
    for y in grade_keys:
        counts[f"grade:{y}"] = sum(respondents_by_class.get(c.pk, 0) for c in classes if grade_of[c.pk] == y)
    lines: list[tuple[list[str], str]] = []
    for y in grade_keys:
        lines.append(([f"class:{c.pk}" for c in classes if grade_of[c.pk] == y], f"grade:{y}"))
    lines.append(([f"grade:{y}" for y in grade_keys], "branch"))
    for t in track_keys:
        counts[f"track:{t}"] = sum(respondents_by_class.get(c.pk, 0) for c in classes if track_of_class[c.pk] == t)
    for cell in cell_keys:
        counts[f"cell:{cell}"] = sum(respondents_by_class.get(c.pk, 0) for c in classes if cell_of[c.pk] == cell)
        lines.append(([f"class:{c.pk}" for c in classes if cell_of[c.pk] == cell], f"cell:{cell}"))
    for y in grade_keys:
        lines.append(([f"cell:{cell}" for cell in cell_keys if cell.split("|")[0] == y], f"grade:{y}"))
    for t in track_keys:
        lines.append(([f"cell:{cell}" for cell in cell_keys if cell.split("|")[1] == t], f"track:{t}"))
    lines.append(([f"track:{t}" for t in track_keys], "branch"))
    for d in dept_keys:
        lines.append(([f"class:{c.pk}" for c in classes if dept_of[c.pk] == d], f"dept:{d}"))
    lines.append(([f"dept:{d}" for d in dept_keys], "branch"))
    lines.append(([f"class:{c.pk}" for c in classes], "branch"))
    lines.append(([f"gender:{g}" for g, _m in GENDER_GROUPS], "branch"))
    hidden = suppress_linked(
        counts, lines, k=k, pinned=["branch"],
        margins=["branch", *(f"dept:{d}" for d in dept_keys), *(f"grade:{y}" for y in grade_keys),
                 *(f"track:{t}" for t in track_keys), *(f"cell:{cell}" for cell in cell_keys)],
    )
    group_sums: dict[str, dict[str, Sums]] = {}

    def group(key: str, label: str, per_item: Mapping[str, Sums], invited: int | None = None,
              ref: int | None = None) -> Group:
        published = key not in hidden
        n = counts[key] if published else None
        section_sums = sums_by_section(per_item, sections)
        if published:
            group_sums[key] = dict(per_item)
        return Group(
            key=key, label=label, respondents=n, ref=ref,
            sections={s.key: figures_of(section_sums[s.key], published=published, respondents=n) for s in sections},
            invited=invited,
            rate=(n / invited) if (n is not None and invited) else None,
        )

    def merged(groups: Iterable[Mapping[str, Sums]]) -> dict[str, Sums]:
        out: dict[str, Sums] = defaultdict(Sums)
        for per_item in groups:
            for item, sums in per_item.items():
                out[item] = out[item] + sums
        return out

    branch_items = merged(by_class.values())
    total = group("branch", branch.name, branch_items, invited=sum(c.invited for c in classes))
    class_groups = [group(f"class:{c.pk}", c.class_name, by_class.get(c.pk, {}), invited=c.invited, ref=c.pk) for c in classes]
    dept_groups = [
        group(f"dept:{d}", dept_names.get(d, d), merged(by_class.get(c.pk, {}) for c in classes if dept_of[c.pk] == d),
              invited=sum(c.invited for c in classes if dept_of[c.pk] == d))
        for d in dept_keys
    ]
    labels = gender_labels()
    gender_groups = [
        group(f"gender:{g}", labels[g], merged(by_gender_raw.get(s, {}) for s in members))
        for g, members in GENDER_GROUPS
    ]
    invited_by_grade: dict[str, int] = defaultdict(int)
    for c in classes:
        invited_by_grade[grade_of[c.pk]] += c.invited
    grade_groups = [
        group(f"grade:{y}", _("Leerjaar %(grade)s") % {"grade": y} if y != NO_DEPARTMENT else _("Geen leerjaar"),
              merged(by_class.get(c.pk, {}) for c in classes if grade_of[c.pk] == y), invited=invited_by_grade[y])
        for y in grade_keys
    ]
    def invited_where(test) -> int:
        return sum(c.invited for c in classes if test(c))

    track_groups = [
        group(f"track:{t}", track_label(t), merged(by_class.get(c.pk, {}) for c in classes if track_of_class[c.pk] == t),
              invited=invited_where(lambda c, t=t: track_of_class[c.pk] == t))
        for t in track_keys
    ]
    cell_groups = [
        group(f"cell:{cell}", cell, merged(by_class.get(c.pk, {}) for c in classes if cell_of[c.pk] == cell),
              invited=invited_where(lambda c, cell=cell: cell_of[c.pk] == cell))
        for cell in cell_keys
    ]
    result = BranchResults(
        survey=survey, branch=branch, k=k, instrument=instrument, sections=sections, total=total,
        classes=class_groups, departments=dept_groups, genders=gender_groups, grades=grade_groups,
        tracks=track_groups, cells=cell_groups, _item_sums=branch_items, _group_sums=group_sums,
    )
    return result


def previous_round_of(survey: SurveyRound, *, branch: Branch) -> SurveyRound | None:
    """The branch's most recent round that opened before this one."""
    return (
        SurveyRound.objects.for_organisation(survey.organisation_id)
        .filter(
            Q(opens_at__lt=survey.opens_at) | Q(opens_at=survey.opens_at, id__lt=survey.pk),
            pk__in=RoundClass.objects.for_organisation(survey.organisation_id).filter(branch=branch).values("round"),
        )
        .order_by("-opens_at", "-id")
        .first()
    )


def branch_item_sums(survey: SurveyRound, branch: Branch) -> tuple[int, dict[str, Sums]]:
    """A branch's respondents and per-item sums in a round (two queries)."""
    org = survey.organisation_id
    n = (
        RespondentCount.objects.for_organisation(org).filter(round=survey, round_class__branch=branch)
        .aggregate(n=Sum("n"))["n"] or 0
    )
    items = grouped_results(
        ResultCount.objects.for_organisation(org).filter(round=survey, round_class__branch=branch)
    ).get((), {})
    return n, items


def organisation_sums(survey: SurveyRound) -> tuple[bool, int, dict[int, int], dict[str, Sums]]:
    """(published, respondents, respondents per branch, per-item sums) for the whole
    organisation in a round. Published when the grid of branches allows the total."""
    org = survey.organisation_id
    k = validate_k(survey.min_group_size)
    per_branch = {
        row["round_class__branch_id"]: int(row["n_sum"] or 0)
        for row in RespondentCount.objects.for_organisation(org).filter(round=survey)
        .values("round_class__branch_id").annotate(n_sum=Sum("n")).order_by()
    }
    total = sum(per_branch.values())
    counts = {f"branch:{b}": n for b, n in per_branch.items()}
    counts["organisation"] = total
    hidden = suppress_linked(
        counts, [(list(counts.keys() - {"organisation"}), "organisation")], k=k,
        pinned=[key for key in counts if key != "organisation"], margins=["organisation"],
    )
    published = "organisation" not in hidden
    items = grouped_results(ResultCount.objects.for_organisation(org).filter(round=survey)).get((), {}) if published else {}
    return published, total, per_branch, items


def _stands_out(fig: Figures, other: Figures) -> tuple[bool, float, float]:
    if fig.suppressed or other.suppressed:
        return False, 0.0, 0.0
    d_mean = fig.mean - other.mean
    d_share = fig.share_high - other.share_high
    # A hair's tolerance: 3.5 - 3.0 is 0.5 on paper but not always in floating point.
    out = abs(d_mean) >= STANDOUT_MEAN - 1e-9 or abs(d_share) >= STANDOUT_SHARE - 1e-9
    return out, d_mean, d_share


def _worse(section: SectionInfo, d_mean: float, d_share: float) -> bool:
    # The larger of the two signals decides when they disagree (rare).
    signal = d_mean if abs(d_mean) / STANDOUT_MEAN >= abs(d_share) / STANDOUT_SHARE else d_share
    return signal < 0 if section.higher_is_safer else signal > 0


def standouts(rows: Iterable[ItemRow]) -> list[Comparison]:
    """Items that stand out against the previous round and the organisation (worse first)."""
    found = []
    for row in rows:
        for against, other in (("previous", row.previous), ("organisation", row.organisation)):
            out, d_mean, d_share = _stands_out(row.figures, other)
            if out:
                found.append(
                    Comparison(
                        key=row.key, label=row.text, section=row.section, against=against, figures=row.figures,
                        other=other, delta_mean=d_mean, delta_share=d_share, worse=_worse(row.section, d_mean, d_share),
                    )
                )
    return sorted(found, key=lambda c: (not c.worse, -abs(c.delta_mean), -abs(c.delta_share), c.key))


def branch_trend(*, branch: Branch, upto: SurveyRound | None = None, lang: str = "nl") -> Trend:
    """Section means of the branch over its rounds (two queries plus the round list)."""
    org = branch.organisation_id
    rounds = [
        r for r in reversed(rounds_for_branch(branch=branch))
        if upto is None or (r.opens_at, r.pk) <= (upto.opens_at, upto.pk)
    ][-TREND_ROUNDS:]
    ids = [r.pk for r in rounds]
    n_by_round = {
        row["round_id"]: int(row["n_sum"] or 0)
        for row in RespondentCount.objects.for_organisation(org).filter(round_id__in=ids, round_class__branch=branch)
        .values("round_id").annotate(n_sum=Sum("n")).order_by()
    }
    items_by_round = {
        key[0]: items
        for key, items in grouped_results(
            ResultCount.objects.for_organisation(org).filter(round_id__in=ids, round_class__branch=branch), "round_id"
        ).items()
    }
    base_sections = sections_of(instrument_of_round(upto or rounds[-1]) if rounds else load_instrument(), lang)
    means: dict[str, list[float | None]] = {s.key: [] for s in base_sections}
    shown_n: list[int | None] = []
    # Rounds of different versions compare on the items they share only (a version-2
    # round's section 6 also asks about political opinion; version 1 did not).
    shared = set(common_item_keys(*{instrument_of_round(r) for r in rounds})) if rounds else set()
    for r in rounds:
        n = n_by_round.get(r.pk, 0)
        published = n >= r.min_group_size
        shown_n.append(n if published else None)
        instrument = instrument_of_round(r)
        keys = {s.key: tuple(i.key for i in s.items if i.key in shared) for s in instrument.sections}
        for s in base_sections:
            info = SectionInfo(s.key, s.number, s.lead, s.direction, keys.get(s.key, ()))
            sums = sums_by_section(items_by_round.get(r.pk, {}), [info])[s.key]
            means[s.key].append(figures_of(sums, published=published).mean)
    return Trend(rounds=tuple(rounds), means={k: tuple(v) for k, v in means.items()}, respondents=tuple(shown_n))


def branch_results(*, survey: SurveyRound, branch: Branch, lang: str = "nl", with_trend: bool = True) -> BranchResults:
    """The branch dashboard: breakdowns, sections and items with the previous round and
    the organisation's average, what stands out, and the trend."""
    result = branch_breakdowns(survey=survey, branch=branch, lang=lang)
    published = not result.total.suppressed
    branch_items = result._item_sums

    previous = previous_round_of(survey, branch=branch)
    prev_items: dict[str, Sums] = {}
    prev_n = 0
    prev_published = False
    if previous is not None:
        prev_n, prev_items = branch_item_sums(previous, branch)
        prev_published = prev_n >= previous.min_group_size
    org_published, org_n, _per_branch, org_items = organisation_sums(survey)

    section_rows = []
    for s in result.sections:
        section_rows.append(
            SectionRow(
                section=s,
                figures=result.total.sections[s.key],
                previous=figures_of(sums_by_section(prev_items, [s])[s.key], published=prev_published,
                                    respondents=prev_n if prev_published else None),
                organisation=figures_of(sums_by_section(org_items, [s])[s.key], published=org_published,
                                        respondents=org_n if org_published else None),
            )
        )
    items = []
    for s in result.sections:
        for key in s.item_keys:
            items.append(
                ItemRow(
                    section=s, key=key, text=result.instrument.item(key).text(lang),
                    figures=figures_of(branch_items.get(key), published=published),
                    previous=figures_of(prev_items.get(key), published=prev_published),
                    organisation=figures_of(org_items.get(key), published=org_published),
                )
            )
    result.section_rows = section_rows
    result.items = items
    result.previous_round = previous
    result.organisation_published = org_published
    result.standouts = standouts(items)
    if with_trend:
        result.trend = branch_trend(branch=branch, upto=survey, lang=lang)
    return result
