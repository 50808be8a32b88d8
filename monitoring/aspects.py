"""The three legal aspects and the bullying statements, from the published groups.

The law (Besluit 17 juni 2020, Stb. 2020-209) asks a school for three figures: how safe
students feel (veiligheidsbeleving), how far their safety is harmed (aantasting) and their
well-being (welbevinden); and, for bullying, the share of students per answer option per
statement. Which item measures what is written in the instrument file (``aspect`` and
``bullying`` on every item, monitoring/instrument).

Definitions (docs/inspection-export.md prints the same)
======================================================
* **Aspect average** of a group = the mean, on the 0–5 scale, of all its answers to the
  aspect's items. An item whose section runs the other way than the aspect (section 4,
  "onveilig door …", in veiligheidsbeleving) counts as ``5 - answer``. So from the stored
  counts: ``(Σ total of same-direction items + Σ (5·n - total) of reversed items) / Σ n``.
  Veiligheidsbeleving and welbevinden: higher is better; aantasting: higher is worse.
  An aspect the round's instrument has no items for (welbevinden in version 1) is None.
* **Share per answer option** of a bullying statement = answers with that value / answers
  to the statement (every item is compulsory, so: per student). Rounds counted before
  per-option counts were stored give None ("niet beschikbaar").
* **Suppression.** Nothing new is decided here: a group's figures are computed only for
  groups the round's one suppression grid publishes (monitoring.results keeps the raw sums
  of published groups only), so every breakdown, and any two of them subtracted, respects
  the grid; hidden groups read "< K".
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .instrument import Aspect, Instrument
from .instrument.schema import AspectInfo
from .results import BoardResults, BranchResults, Group, Sums

ASPECTS = tuple(Aspect)


@dataclass(frozen=True)
class AspectSums:
    """An aspect's answers and their (direction-adjusted) sum."""

    n: int = 0
    total: int = 0

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None


def aspect_sums(instrument: Instrument, per_item: Mapping[str, Sums], aspect: Aspect | str) -> AspectSums:
    maximum = instrument.scale.maximum
    n = total = 0
    for item, reversed_ in instrument.aspect_items(aspect):
        sums = per_item.get(item.key)
        if sums is None:
            continue
        n += sums.n
        total += (maximum * sums.n - sums.total) if reversed_ else sums.total
    return AspectSums(n, total)


def aspect_means(instrument: Instrument, per_item: Mapping[str, Sums] | None) -> dict[str, float | None]:
    """Each aspect's average for one group; all None for a hidden group (``per_item`` None)."""
    if per_item is None:
        return {a.value: None for a in ASPECTS}
    return {a.value: aspect_sums(instrument, per_item, a).mean for a in ASPECTS}


@dataclass(frozen=True)
class StatementShares:
    """One bullying statement: the share of students per answer option 0..5."""

    key: str
    text: str
    n: int | None
    shares: tuple[float, ...] | None  # None: hidden group, or counts not available


def option_shares(instrument: Instrument, per_item: Mapping[str, Sums] | None, lang: str = "nl") -> list[StatementShares]:
    out = []
    for key in instrument.bullying_item_keys:
        text = instrument.item(key).text(lang)
        sums = per_item.get(key) if per_item is not None else None
        if sums is None or not sums.n:
            out.append(StatementShares(key, text, None, None))
            continue
        # Options add up to n unless the round was counted before they were stored.
        if len(sums.options) != len(instrument.scale.values) or sum(sums.options) != sums.n:
            out.append(StatementShares(key, text, sums.n, None))
            continue
        out.append(StatementShares(key, text, sums.n, tuple(c / sums.n for c in sums.options)))
    return out


@dataclass
class AspectRow:
    """One group (school, branch, department, leerjaar, class …) with its three averages."""

    level: str  # "school", "branch", "department", "grade", "track", "cell", "class"
    key: str
    label: str
    respondents: int | None
    invited: int | None
    means: dict[str, float | None]
    statements: list[StatementShares] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.respondents is None

    @property
    def rate(self) -> float | None:
        return self.respondents / self.invited if (self.respondents is not None and self.invited) else None

    def mean_list(self) -> list[float | None]:
        return [self.means[a.value] for a in ASPECTS]


def _row(level: str, group: Group, instrument: Instrument, sums: Mapping[str, Mapping[str, Sums]],
         lang: str, *, statements: bool) -> AspectRow:
    per_item = sums.get(group.key) if not group.suppressed else None
    return AspectRow(
        level=level, key=group.key, label=group.label, respondents=group.respondents, invited=group.invited,
        means=aspect_means(instrument, per_item),
        statements=option_shares(instrument, per_item, lang) if statements else [],
    )


@dataclass
class BranchAspects:
    aspects: tuple[AspectInfo, ...]
    k: int
    branch: AspectRow
    departments: list[AspectRow]
    grades: list[AspectRow]
    classes: list[AspectRow]
    tracks: list[AspectRow]
    cells: list[AspectRow]
    has_wellbeing: bool


def branch_aspects(result: BranchResults, lang: str = "nl") -> BranchAspects:
    """A branch's aspect averages per department, leerjaar, class (and track), suppressed
    as the dashboard is; the bullying statements' option shares for the branch as a whole
    and for each department and leerjaar."""
    inst = result.instrument
    sums = result._group_sums
    return BranchAspects(
        aspects=inst.aspects, k=result.k,
        branch=_row("branch", result.total, inst, sums, lang, statements=True),
        departments=[_row("department", g, inst, sums, lang, statements=True) for g in result.departments],
        grades=[_row("grade", g, inst, sums, lang, statements=True) for g in result.grades],
        classes=[_row("class", g, inst, sums, lang, statements=False) for g in result.classes],
        tracks=[_row("track", g, inst, sums, lang, statements=True) for g in result.tracks],
        cells=[_row("cell", g, inst, sums, lang, statements=True) for g in result.cells],
        has_wellbeing=bool(inst.aspect_items(Aspect.WELLBEING)),
    )


@dataclass
class BoardAspects:
    aspects: tuple[AspectInfo, ...]
    k: int
    school: AspectRow
    branches: list[AspectRow]


def board_aspects(result: BoardResults, lang: str = "nl") -> BoardAspects:
    """The board (the whole school organisation) and each branch, as the board view shows them."""
    inst = result.instrument
    assert inst is not None  # board_results always sets it
    school = _row("school", result.organisation, inst, result._group_sums, lang, statements=True)
    school.label = _("Hele organisatie")
    return BoardAspects(
        aspects=inst.aspects, k=result.k, school=school,
        branches=[_row("branch", g, inst, result._group_sums, lang, statements=False) for g in result.branches],
    )


# --- for the templates (monitoring/_aspects.html) -----------------------------------


def branch_context(asp: BranchAspects, lang: str = "nl") -> dict:
    """The partial's context for a branch: per department, leerjaar and class, each table
    ending in the branch's own row (the totals row, published exactly when the grid says)."""
    return {
        "asp_infos": asp.aspects, "k": asp.k, "lang": lang,
        "asp_tables": [
            (_("Per afdeling"), [*asp.departments, asp.branch]),
            (_("Per leerjaar"), [*asp.grades, asp.branch]),
            (_("Per klas"), [*asp.classes, asp.branch]),
        ],
        "asp_statements": [
            (_("Pestvragen: aandeel leerlingen per antwoord, hele vestiging"), asp.branch),
            *[(_("Pestvragen: aandeel leerlingen per antwoord, %(group)s") % {"group": r.label}, r)
              for r in [*asp.departments, *asp.grades] if not r.suppressed],
        ],
    }


def board_context(asp: BoardAspects, lang: str = "nl") -> dict:
    return {
        "asp_infos": asp.aspects, "k": asp.k, "lang": lang,
        "asp_tables": [(_("Per vestiging"), [*asp.branches, asp.school])],
        "asp_statements": [(_("Pestvragen: aandeel leerlingen per antwoord, hele organisatie"), asp.school)],
    }
