"""Reading thermometer results: selectors over the pre-aggregated counts, suppressed.

Every figure comes from RespondentCount (respondents per class and gender) and
ResultCount (per class, gender and item: answers, their sum, answers >= 3), grouped by
the database. Response rows are never read, so a dashboard costs the same with 10,000
or 1,000,000 stored responses (bench/README.md).

What is published (the rules the dashboards, the API and the inspection export share)
===================================================================================
* **Groups.** A group is a branch, a department, a class or a gender within a branch.
  Its size is its number of respondents. Every item is compulsory, so an item's n equals
  the group's respondents.
* **Suppression.** All breakdowns of one branch in one round (classes, departments,
  genders, and the branch total) go through *one* suppression grid, with an equation per
  department (its classes), for the branch (its departments; its classes; its genders).
  So a hidden class cannot be recovered from its department minus the other classes,
  nor a hidden gender from the total, and what the export shows per department is what
  the dashboard shows. Means and shares are published only for groups whose count is
  published: they follow the same equations (a sum is a mean times a count).
  A branch total is published exactly when it has at least K respondents, everywhere
  (board view, branch page, export), so different pages never complement each other.
  The organisation's average is published when the grid of branches allows it.
  Groups with 0 respondents are shown as hidden but kept out of the equations: they add
  nothing to any sum (leaving them out only makes the engine more careful).
* **Section figures.** A section's mean is the mean of all answers to its items; its
  share is the share of those answers that are 3 or more. The figures stay on the
  0–5 answer scale; a section's ``direction`` says whether higher is safer (sections 1–3)
  or worse (4–7), and comparisons use it to say "better" or "worse".
* **Stands out.** An item (or section) of a published group stands out against a
  published comparison (the branch's previous round, or the organisation's average in
  the same round) when its mean differs by at least ``STANDOUT_MEAN`` (0.5 on the 0–5
  scale) or its share of answers >= 3 by at least ``STANDOUT_SHARE`` (10 percentage
  points). "Worse" follows the section's direction.
* **Trend.** One point per round the branch took part in; a round whose branch total is
  below that round's K is a gap.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from people.models import Branch

from .instrument import load_instrument
from .instrument.schema import Direction, Instrument, common_item_keys
from .models import RespondentCount, ResultCount, RoundClass, SurveyRound
from .selectors import rounds_for_branch
from .suppression import _Grid, _Line, suppressed_label, validate_k
from .tracks import TRACK_KEYS, track_label, track_of

#: A difference in mean of at least this much (0–5 scale) makes an item stand out.
STANDOUT_MEAN = 0.5
#: A difference in the share of answers >= 3 of at least this much (10 points) too.
STANDOUT_SHARE = 0.10
#: How many rounds the trend chart shows at most (the newest).
TREND_ROUNDS = 8

#: Genders as stored; "" (skipped) is counted with "zeg ik liever niet".
GENDER_GROUPS = (
    ("boy", ("boy",)),
    ("girl", ("girl",)),
    ("other", ("other",)),
    ("not_said", ("prefer_not_to_say", "")),
)
NO_DEPARTMENT = "none"


# --- figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sums:
    """What the database sums for a group and an item (or section): never answers."""

    n: int = 0
    total: int = 0
    high: int = 0
    #: Answers per value 0..5 (empty when not loaded; see ResultCount.OPTION_FIELDS).
    options: tuple[int, ...] = ()

    def __add__(self, other: Sums) -> Sums:
        if not self.options or not other.options:
            options = self.options or other.options
        else:
            options = tuple(a + b for a, b in zip(self.options, other.options, strict=True))
        return Sums(self.n + other.n, self.total + other.total, self.high + other.high, options)


@dataclass(frozen=True)
class Figures:
    """Published figures of one group for one item or section; all None when hidden."""

    n: int | None = None
    mean: float | None = None
    share_high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None


HIDDEN = Figures()


def figures_of(sums: Sums | None, *, published: bool, respondents: int | None = None) -> Figures:
    """Published figures from sums. ``n`` is the number of respondents: for a section,
    pass the group's respondents (its sums count answers, several per respondent)."""
    if not published or sums is None or sums.n == 0:
        return HIDDEN
    return Figures(n=respondents if respondents is not None else sums.n, mean=sums.total / sums.n,
                   share_high=sums.high / sums.n)


@dataclass(frozen=True)
class SectionInfo:
    key: str
    number: int
    lead: str
    direction: Direction
    item_keys: tuple[str, ...]

    @property
    def higher_is_safer(self) -> bool:
        return self.direction is Direction.HIGHER_IS_SAFER


def sections_of(instrument: Instrument, lang: str = "nl") -> list[SectionInfo]:
    return [
        SectionInfo(s.key, s.number, s.lead(lang), s.direction, tuple(i.key for i in s.items))
        for s in instrument.sections
    ]


def _section_sums(per_item: Mapping[str, Sums], sections: Iterable[SectionInfo]) -> dict[str, Sums]:
    out = {}
    for section in sections:
        total = Sums()
        for key in section.item_keys:
            total = total + per_item.get(key, Sums())
        out[section.key] = total
    return out


@dataclass
class Group:
    """One group of a breakdown with its published figures (None = hidden, "< K")."""

    key: str
    label: str
    respondents: int | None  # published respondents, None when hidden
    sections: dict[str, Figures] = field(default_factory=dict)
    invited: int | None = None  # codes issued (classes and branches)
    rate: float | None = None  # respondents / invited, when both are shown
    ref: int | None = None  # the branch's or class's id, for links

    @property
    def suppressed(self) -> bool:
        return self.respondents is None


@dataclass(frozen=True)
class Comparison:
    """One item or section that stands out against another figure."""

    key: str
    label: str
    section: SectionInfo
    against: str  # "previous" or "organisation"
    figures: Figures
    other: Figures
    delta_mean: float
    delta_share: float
    worse: bool


@dataclass(frozen=True)
class ItemRow:
    section: SectionInfo
    key: str
    text: str
    figures: Figures
    previous: Figures
    organisation: Figures


@dataclass(frozen=True)
class SectionRow:
    section: SectionInfo
    figures: Figures
    previous: Figures
    organisation: Figures


@dataclass(frozen=True)
class Trend:
    rounds: tuple[SurveyRound, ...]
    #: section key -> one mean per round (None where the branch was below K)
    means: Mapping[str, tuple[float | None, ...]]
    respondents: tuple[int | None, ...]


@dataclass
class BranchResults:
    """Everything the branch dashboard, the API and the export show for one round."""

    survey: SurveyRound
    branch: Branch
    k: int
    instrument: Instrument
    sections: list[SectionInfo]
    total: Group
    classes: list[Group]
    departments: list[Group]
    genders: list[Group]
    #: Per leerjaar (a class's grade; classes without one form their own group).
    grades: list[Group] = field(default_factory=list)
    #: Per onderwijssoort (monitoring.tracks), and per leerjaar × onderwijssoort
    #: (keys "cell:<grade>|<track>"): the inspectorate's breakdown, in the same grid.
    tracks: list[Group] = field(default_factory=list)
    cells: list[Group] = field(default_factory=list)
    section_rows: list[SectionRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    previous_round: SurveyRound | None = None
    organisation_published: bool = False
    standouts: list[Comparison] = field(default_factory=list)
    trend: Trend | None = None
    #: The branch's raw per-item sums: for building the published figures only.
    _item_sums: dict[str, Sums] = field(default_factory=dict, repr=False)
    #: Every group's raw per-item sums by group key ("class:…", "dept:…", "grade:…",
    #: "gender:…", "branch"): for published figures of groups that are not hidden only.
    _group_sums: dict[str, dict[str, Sums]] = field(default_factory=dict, repr=False)

    @property
    def suppressed_label(self) -> str:
        return suppressed_label(self.k)


# --- the suppression grids -----------------------------------------------------------


def suppress_linked(
    counts: Mapping[str, int],
    lines: Iterable[tuple[Iterable[str], str]],
    *,
    k: int,
    pinned: Iterable[str] = (),
    margins: Iterable[str] = (),
    forced: Iterable[str] = (),
) -> set[str]:
    """Which entries to hide, for counts tied together by ``lines`` (members -> total).

    Uses the engine of monitoring.suppression (primary suppression, the group rule and
    the exactness rule over all equations at once). ``pinned`` entries are published
    unless nothing else protects a hidden entry (then they are in the answer too: callers
    publish exactly what is not returned); ``margins`` are hidden as a complement only
    when no inner cell will do; ``forced`` entries are hidden from the start. Entries
    with a count of 0 are hidden but left out of the equations (see the module docstring).
    Never raises on consistent counts: in the worst case everything is hidden.
    """
    validate_k(k)
    grid = _Grid(k)
    margins = set(margins)
    index: dict[str, int] = {}
    for name, value in counts.items():
        if value > 0:
            index[name] = grid.add(value, margin=name in margins)
    for name in pinned:
        if name in index and counts[name] >= k:
            grid.pinned.add(index[name])
    for name in forced:
        if name in index:
            grid.forced.add(index[name])
    for members, total in lines:
        if total not in index:
            continue
        inner = tuple(index[m] for m in members if m in index)
        if inner:
            grid.lines.append(_Line(inner, index[total]))
    hidden_entries = grid.run()
    hidden = {name for name, i in index.items() if i in hidden_entries}
    return hidden | {name for name, value in counts.items() if value <= 0}


# --- loading counts --------------------------------------------------------------------


def _sums(row: Mapping) -> Sums:
    return Sums(int(row["n_sum"] or 0), int(row["total_sum"] or 0), int(row["high_sum"] or 0),
                tuple(int(row[f"{f}_sum"] or 0) for f in ResultCount.OPTION_FIELDS))


def _grouped_results(qs, *fields: str) -> dict[tuple, dict[str, Sums]]:
    """ResultCount rows summed by ``fields``: {(field values): {item_key: Sums}}."""
    out: dict[tuple, dict[str, Sums]] = defaultdict(dict)
    options = {f"{f}_sum": Sum(f) for f in ResultCount.OPTION_FIELDS}
    rows = qs.values(*fields, "item_key").annotate(n_sum=Sum("n"), total_sum=Sum("total"), high_sum=Sum("high"),
                                                   **options)
    for row in rows.order_by():
        out[tuple(row[f] for f in fields)][row["item_key"]] = _sums(row)
    return out


def instrument_of_round(survey: SurveyRound) -> Instrument:
    return load_instrument(survey.instrument_key, survey.instrument_version)


def _gender_group(stored: str) -> str:
    for key, members in GENDER_GROUPS:
        if stored in members:
            return key
    return "not_said"


def gender_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {"boy": _("Jongens"), "girl": _("Meisjes"), "other": _("Anders"), "not_said": _("Zegt het liever niet / niet ingevuld")}


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
        respondents_by_gender[_gender_group(gender)] += n
    results = ResultCount.objects.for_organisation(org).filter(round=survey, round_class_id__in=class_ids)
    by_class = {key[0]: items for key, items in _grouped_results(results, "round_class_id").items()}
    by_gender_raw = {key[0]: items for key, items in _grouped_results(results, "gender").items()}

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
        section_sums = _section_sums(per_item, sections)
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


def _branch_item_sums(survey: SurveyRound, branch: Branch) -> tuple[int, dict[str, Sums]]:
    """A branch's respondents and per-item sums in a round (two queries)."""
    org = survey.organisation_id
    n = (
        RespondentCount.objects.for_organisation(org).filter(round=survey, round_class__branch=branch)
        .aggregate(n=Sum("n"))["n"] or 0
    )
    items = _grouped_results(
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
    items = _grouped_results(ResultCount.objects.for_organisation(org).filter(round=survey)).get((), {}) if published else {}
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
        for key, items in _grouped_results(
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
            sums = _section_sums(items_by_round.get(r.pk, {}), [info])[s.key]
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
        prev_n, prev_items = _branch_item_sums(previous, branch)
        prev_published = prev_n >= previous.min_group_size
    org_published, org_n, _per_branch, org_items = organisation_sums(survey)

    section_rows = []
    for s in result.sections:
        section_rows.append(
            SectionRow(
                section=s,
                figures=result.total.sections[s.key],
                previous=figures_of(_section_sums(prev_items, [s])[s.key], published=prev_published,
                                    respondents=prev_n if prev_published else None),
                organisation=figures_of(_section_sums(org_items, [s])[s.key], published=org_published,
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
        for key, items in _grouped_results(
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
        section_sums = _section_sums(per_item, sections)
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
