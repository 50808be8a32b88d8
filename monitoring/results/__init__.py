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

The package: ``values`` (the types the pages read), ``counts`` (loading the counts),
``branch`` (one branch), ``board`` (all branches; the export's department rows). Import
from ``monitoring.results``; the suppression engine itself is monitoring.suppression.
"""
from __future__ import annotations

from ..suppression import suppress_linked
from .board import BoardResults, DepartmentRow, board_results, department_rows
from .branch import (
    branch_breakdowns,
    branch_item_sums,
    branch_results,
    branch_trend,
    organisation_sums,
    previous_round_of,
    standouts,
)
from .counts import gender_group, gender_labels, grouped_results, instrument_of_round, sums_of
from .values import (
    GENDER_GROUPS,
    HIDDEN,
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

__all__ = [
    "board_results",
    "BoardResults",
    "branch_breakdowns",
    "branch_item_sums",
    "branch_results",
    "branch_trend",
    "BranchResults",
    "Comparison",
    "department_rows",
    "DepartmentRow",
    "Figures",
    "figures_of",
    "gender_group",
    "GENDER_GROUPS",
    "gender_labels",
    "Group",
    "grouped_results",
    "HIDDEN",
    "instrument_of_round",
    "ItemRow",
    "NO_DEPARTMENT",
    "organisation_sums",
    "previous_round_of",
    "SectionInfo",
    "SectionRow",
    "sections_of",
    "STANDOUT_MEAN",
    "STANDOUT_SHARE",
    "standouts",
    "Sums",
    "sums_by_section",
    "sums_of",
    "suppress_linked",
    "Trend",
    "TREND_ROUNDS",
]
