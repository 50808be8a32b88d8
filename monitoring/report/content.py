"""Everything one report shows, assembled once for the PDF, the HTML page and the CSV.

A report covers one branch, or the whole organisation (an overview plus a chapter per
branch), for one school year. Names: only the branch's published contacts (coordinator
and confidential adviser, seed 000 §2.2–2.3); never a student, never other staff.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from monitoring import aspects, duty, result_charts, results
from monitoring.external.selectors import external_results
from monitoring.models import RoundClass, SurveyRound
from monitoring.results import BoardResults, BranchResults, Group, SectionInfo
from monitoring.staff.models import StaffRound
from monitoring.staff.selectors import staff_results
from people.models import Branch, Organisation, SchoolYear

from .figures import ORGANISATION, RegistrationFigures, registration_figures, year_bounds
from .register import RegisterView, registers_read
from .vocab import MEASURE_LABELS, MEASURES, PDCA, PROGRAMME_LABELS


@dataclass
class DepartmentLine:
    label: str
    invited: int | None
    respondents: int | None
    rate: float | None
    means: list[float | None]


@dataclass
class RoundBlock:
    survey: SurveyRound
    k: int
    sections: list[SectionInfo]
    total: Group
    departments: list[DepartmentLine]
    #: (heading, SVG): the dashboard's two section charts, "higher is safer" and "higher is
    #: worse" apart, so one single-colour chart never mixes the two (issue 17, item 8).
    charts: list[tuple[str, SafeString]]
    #: The three legal aspects (monitoring.aspects.branch_context): infos, tables, statements.
    aspects: dict = field(default_factory=dict)
    #: Response rate per department and leerjaar, flagged when low (monitoring.duty).
    representativeness: duty.Representativeness | None = None

    @property
    def total_means(self) -> list[float | None]:
        return [self.total.sections[s.key].mean for s in self.sections]


@dataclass
class BranchBlock:
    branch: Branch
    register: RegisterView
    rounds: list[RoundBlock]
    figures: RegistrationFigures
    anchor: str
    #: The yearly monitoring duty for this branch and school year (monitoring.duty).
    duty: duty.BranchDuty | None = None
    #: Results of a validated external monitor for this branch and year (aggregates).
    external: list = field(default_factory=list)
    #: The staff monitor's rounds of this branch in the year (monitoring.staff), for the PDCA chapter.
    staff: list = field(default_factory=list)

    @property
    def measures(self):
        descriptions = {k: d for k, _l, d in MEASURES}
        return [(MEASURE_LABELS[m.key], descriptions[m.key], m) for m in self.register.measures]

    @property
    def programmes(self):
        return [(p.other_name if p.other_name else PROGRAMME_LABELS.get(p.programme, p.programme), p)
                for p in self.register.programmes]

    @property
    def pdca(self):
        return [(label, help_text, self.register.pdca.get(f"{key}_text", "")) for key, label, help_text in PDCA]

    @property
    def is_empty(self) -> bool:
        return self.register.is_empty and not self.rounds and self.figures.is_empty


@dataclass
class BoardRoundBlock:
    survey: SurveyRound
    result: BoardResults
    aspects: dict = field(default_factory=dict)


@dataclass
class Report:
    organisation: Organisation
    school_year: SchoolYear
    branch: Branch | None  # None: the whole organisation
    branches: list[BranchBlock]
    organisation_figures: RegistrationFigures | None
    board_rounds: list[BoardRoundBlock] = field(default_factory=list)
    generated_at: object = None

    @property
    def is_organisation(self) -> bool:
        return self.branch is None

    @property
    def is_empty(self) -> bool:
        return all(b.is_empty for b in self.branches)

    @property
    def k(self) -> int:
        return self.branches[0].figures.k if self.branches else 10


def rounds_in_year(*, organisation_id, school_year: SchoolYear, branch: Branch | None = None) -> list[SurveyRound]:
    """Rounds that opened in the school year (and in which ``branch`` took part)."""
    start, end = year_bounds(school_year)
    qs = SurveyRound.objects.for_organisation(organisation_id).filter(opens_at__gte=start, opens_at__lt=end)
    if branch is not None:
        qs = qs.filter(pk__in=RoundClass.objects.for_organisation(organisation_id).filter(branch=branch).values("round"))
    return list(qs.order_by("opens_at", "id"))


def _relabel(svg: str, prefix: str) -> str:
    # The dashboard's chart has a fixed id ("chart-sections", and -title/-desc for its
    # aria-labelledby); several of them share one document here.
    return svg.replace('"chart-sections', f'"{prefix}-chart-sections').replace(
        " chart-sections", f" {prefix}-chart-sections"
    )


def round_block(*, survey: SurveyRound, branch: Branch, lang: str = "nl") -> RoundBlock:
    # The dashboard's breakdowns and its section rows with the previous round (what the
    # chart draws); not branch_results(), which also sums the whole organisation and every
    # item for comparisons the report does not print (a board report would do that 9 times).
    result: BranchResults = results.branch_breakdowns(survey=survey, branch=branch, lang=lang)
    previous = results.previous_round_of(survey, branch=branch)
    prev_items, prev_published = {}, False
    if previous is not None:
        prev_n, prev_items = results.branch_item_sums(previous, branch)
        prev_published = prev_n >= previous.min_group_size
    result.previous_round = previous
    result.section_rows = [
        results.SectionRow(
            section=sec, figures=result.total.sections[sec.key],
            previous=results.figures_of(results.sums_by_section(prev_items, [sec])[sec.key], published=prev_published),
            organisation=results.HIDDEN,
        )
        for sec in result.sections
    ]
    invited = {
        (str(row["department_id"]) if row["department_id"] else results.NO_DEPARTMENT): int(row["n"] or 0)
        for row in RoundClass.objects.for_organisation(survey.organisation_id).filter(round=survey, branch=branch)
        .values("department_id").annotate(n=Sum("invited")).order_by()
    }
    lines = []
    for g in result.departments:
        dept_invited = invited.get(g.key.split(":", 1)[1])
        lines.append(DepartmentLine(
            g.label, dept_invited, g.respondents,
            (g.respondents / dept_invited) if (g.respondents is not None and dept_invited) else None,
            [g.sections[s.key].mean for s in result.sections],
        ))
    charts = [
        (heading, mark_safe(_relabel(svg, f"r{survey.pk}-b{branch.pk}")))  # noqa: S308 - escaped SVG
        for heading, svg in result_charts.sections_charts(result, lang=lang)
    ]
    return RoundBlock(survey, result.k, result.sections, result.total, lines, charts,
                      aspects=aspects.branch_context(aspects.branch_aspects(result, lang), lang),
                      representativeness=duty.representativeness(result))


def _board_round(survey: SurveyRound, lang: str) -> BoardRoundBlock:
    result = results.board_results(survey=survey, lang=lang)
    return BoardRoundBlock(survey, result, aspects.board_context(aspects.board_aspects(result, lang), lang))


def build_report(*, organisation_id, school_year: SchoolYear, branch: Branch | None, lang: str = "nl",
                 progress: Callable[[int, int], None] | None = None,
                 run: Callable[[Callable[[], Any]], Any] | None = None) -> Report:
    """Assemble a report in units of work: the figures, then one unit per branch.

    ``run(fn)`` executes one unit (a board job runs each in its own transaction, so its
    progress, reported through ``progress(done, total)`` between units, is visible at once).
    """
    run = run or (lambda fn: fn())
    all_branches = run(lambda: list(Branch.objects.for_organisation(organisation_id).order_by("name")))
    shown_branches = all_branches if branch is None else [b for b in all_branches if b.pk == branch.pk]
    total_units = len(shown_branches) + 2

    def first_unit():
        figures = registration_figures(
            organisation_id=organisation_id, branch_ids=[b.pk for b in all_branches], school_year=school_year,
        )
        registers = registers_read(branches=shown_branches, school_year=school_year)
        year_rounds = rounds_in_year(organisation_id=organisation_id, school_year=school_year)
        taking_part: dict[int, set[int]] = {}
        for round_id, branch_id in (
            RoundClass.objects.for_organisation(organisation_id).filter(round__in=year_rounds)
            .values_list("round_id", "branch_id").distinct()
        ):
            taking_part.setdefault(branch_id, set()).add(round_id)
        organisation = Organisation.objects.get(pk=organisation_id)
        duties = {d.branch.pk: d for d in duty.duty_status(
            organisation_id=organisation_id, school_year=school_year, branches=shown_branches)}
        external: dict[int, list] = {}
        for result in external_results(organisation_id=organisation_id, school_year=school_year,
                                       branch_ids=[b.pk for b in shown_branches]):
            external.setdefault(result.branch_id, []).append(result)
        start, end = year_bounds(school_year)
        staff: dict[int, list] = {}
        for survey in (StaffRound.objects.for_organisation(organisation_id)
                       .filter(opens_at__gte=start, opens_at__lt=end, branch__in=shown_branches)
                       .order_by("opens_at", "id")):
            staff.setdefault(survey.branch_id, []).append(staff_results(survey, lang))
        return figures, registers, year_rounds, taking_part, organisation, duties, external, staff

    figures, registers, year_rounds, taking_part, organisation, duties, external, staff = run(first_unit)
    if progress is not None:
        progress(1, total_units)
    blocks = []
    for n, b in enumerate(shown_branches, start=1):
        rounds = run(lambda b=b: [
            round_block(survey=s, branch=b, lang=lang) for s in year_rounds if s.pk in taking_part.get(b.pk, set())
        ])
        blocks.append(BranchBlock(b, registers[b.pk], rounds, figures[b.pk], anchor=f"vestiging-{b.pk}",
                                  duty=duties.get(b.pk), external=external.get(b.pk, []),
                                  staff=staff.get(b.pk, [])))
        if progress is not None:
            progress(1 + n, total_units)
    board_rounds = []
    if branch is None:
        board_rounds = run(lambda: [_board_round(s, lang) for s in year_rounds])
    if progress is not None:
        progress(total_units, total_units)
    return Report(
        organisation=organisation, school_year=school_year, branch=branch,
        branches=blocks, organisation_figures=figures[ORGANISATION] if branch is None else None,
        board_rounds=board_rounds, generated_at=timezone.localtime(),
    )
