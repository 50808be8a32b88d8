"""The yearly monitoring duty as a deadline, and how representative a round was.

The law asks every school to monitor its students' safety at least once a school year,
among a representative part of them; the results reach the inspectorate by 1 July.
So per branch and school year:

* **Done** when a round in which the branch took part opened in the school year and has
  closed (``closes_at`` passed), with at least one respondent; or when an external
  validated monitor's results for the branch and year were entered
  (``EXTERNAL_MONITOR_COUNTERS``, filled by item 5's module when present).
* **Due** on 1 July of the school year (``deadline_of``). From ``WARN_WEEKS`` weeks before,
  a branch that is not done is *urgent*; after 1 July it is *late*. Before that it is
  *open*. The follow-up goes to the branch's anti-bullying coordinator (and is visible to
  branch management and the board roles) on the start page, and stands in the report.
* **Representativeness**: per department and leerjaar of the branch's rounds in the year,
  the response rate (respondents / invited). A rate below ``LOW_RATE`` is flagged. Only
  published groups have a rate (a hidden group reads "< K", which says enough).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from people import access as people_access
from people.hooks import Hook
from people.models import Branch, SchoolYear
from people.permissions import Permission, branches_where

from . import results
from .models import RespondentCount, SurveyRound

#: A response rate below this is flagged as not representative.
LOW_RATE = 0.5
#: Weeks before 1 July from which a missing monitor is urgent.
WARN_WEEKS = 8

#: Other sources that fulfil the duty: callables (organisation_id, school_year) -> set of
#: branch ids with results for that year (the external monitor module registers one).
EXTERNAL_MONITOR_COUNTERS: Hook[Callable[[int, SchoolYear], set[int]]] = Hook("external monitor counters")

OPEN, URGENT, LATE, DONE = "open", "urgent", "late", "done"


def deadline_of(school_year: SchoolYear) -> dt.date:
    """1 July of the school year (the year in which it ends)."""
    return dt.date(school_year.ends_on.year, 7, 1)


def current_school_year(organisation_id, today: dt.date | None = None) -> SchoolYear | None:
    today = today or timezone.localdate()
    return (SchoolYear.objects.for_organisation(organisation_id)
            .filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first())


@dataclass(frozen=True)
class BranchDuty:
    branch: Branch
    school_year: SchoolYear
    deadline: dt.date
    state: str  # open, urgent, late, done
    closed_rounds: int
    external: bool

    @property
    def done(self) -> bool:
        return self.state == DONE


def _year_bounds(school_year: SchoolYear) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(school_year.starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(school_year.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def duty_status(*, organisation_id, school_year: SchoolYear, branches: Iterable[Branch],
                now: dt.datetime | None = None) -> list[BranchDuty]:
    """The duty of each branch for a school year (three queries plus the external sources)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start, end = _year_bounds(school_year)
    closed = SurveyRound.objects.for_organisation(organisation_id).filter(
        opens_at__gte=start, opens_at__lt=end, closes_at__lte=now)
    answered = {
        (row["round_class__round_id"], row["round_class__branch_id"])
        for row in RespondentCount.objects.for_organisation(organisation_id).filter(round__in=closed)
        .values("round_class__round_id", "round_class__branch_id").annotate(n=Sum("n")).filter(n__gt=0).order_by()
    }
    rounds_by_branch: dict[int, int] = {}
    for _round_id, branch_id in answered:
        rounds_by_branch[branch_id] = rounds_by_branch.get(branch_id, 0) + 1
    external: set[int] = set()
    for counter in EXTERNAL_MONITOR_COUNTERS:
        external |= counter(organisation_id, school_year)
    deadline = deadline_of(school_year)
    out = []
    for branch in branches:
        n = rounds_by_branch.get(branch.pk, 0)
        if n or branch.pk in external:
            state = DONE
        elif today > deadline:
            state = LATE
        elif today >= deadline - dt.timedelta(weeks=WARN_WEEKS):
            state = URGENT
        else:
            state = OPEN
        out.append(BranchDuty(branch, school_year, deadline, state, n, branch.pk in external))
    return out


def duty_branches_for(user):
    """Branches whose duty the user follows: the coordinator's and management's own; all for board roles."""
    return branches_where(user, Permission.FOLLOW_MONITOR_DUTY)


def duty_followups_for(user, *, now: dt.datetime | None = None) -> list[BranchDuty]:
    """Branches the user follows that have not yet met this school year's duty."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return []
    branches = list(duty_branches_for(user).order_by("name"))
    if not branches:
        return []
    year = current_school_year(scope.organisation_id, timezone.localdate(now or timezone.now()))
    if year is None:
        return []
    return [d for d in duty_status(organisation_id=scope.organisation_id, school_year=year, branches=branches, now=now)
            if not d.done]


# --- representativeness -----------------------------------------------------------------


@dataclass(frozen=True)
class RateLine:
    label: str
    invited: int | None
    respondents: int | None  # None: hidden (< K)
    rate: float | None

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_RATE


@dataclass
class Representativeness:
    survey: SurveyRound
    k: int
    total: RateLine
    departments: list[RateLine] = field(default_factory=list)
    grades: list[RateLine] = field(default_factory=list)

    @property
    def any_low(self) -> bool:
        return any(line.low for line in [self.total, *self.departments, *self.grades])


def _line(group: results.Group) -> RateLine:
    return RateLine(group.label, group.invited, group.respondents, group.rate)


def representativeness(result: results.BranchResults) -> Representativeness:
    """Response rates per department and leerjaar of one branch in one round (published groups only)."""
    return Representativeness(
        survey=result.survey, k=result.k, total=_line(result.total),
        departments=[_line(g) for g in result.departments], grades=[_line(g) for g in result.grades],
    )


# --- the start page's follow-up ("Vandaag", people.today) ---------------------------------


def today_section(user, scope, today):
    """The yearly-duty follow-up on the start page, for the coordinator (and management,
    board roles) of branches that have not monitored this school year; None when all did."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from people.today import TodayItem, TodaySection, Urgency

    if scope.organisation_id is None:
        return None
    now = timezone.now()
    missing = duty_followups_for(user, now=now)
    if not missing:
        return None
    labels = {
        LATE: _("te laat: nog geen afgesloten peiling in schooljaar %(year)s (uiterste datum %(date)s)"),
        URGENT: _("dringend: nog geen afgesloten peiling in schooljaar %(year)s; uiterlijk %(date)s"),
        OPEN: _("nog geen afgesloten peiling in schooljaar %(year)s; uiterlijk %(date)s"),
    }
    late_or_urgent = any(d.state in (LATE, URGENT) for d in missing)
    return TodaySection(
        key="monitoring-duty", title=_("Jaarlijkse monitoring van de veiligheid"),
        urgency=Urgency.OVERDUE if any(d.state == LATE for d in missing) else
        (Urgency.THIS_WEEK if late_or_urgent else Urgency.OVERVIEW),
        items=[
            TodayItem(
                title=d.branch.name, url=reverse("monitoring:round_list"), action=_("Een peiling plannen"),
                detail=labels[d.state] % {"year": d.school_year.name, "date": date_format(d.deadline, "j F Y")},
                badge=date_format(d.deadline, "j F"), danger=d.state in (LATE, URGENT),
            )
            for d in missing
        ],
        empty="", counts_as_work=late_or_urgent,
    )


def register() -> None:
    """The start page's duty section (called from MonitoringConfig.ready())."""
    from people.today import TODAY_PROVIDERS

    TODAY_PROVIDERS.register(today_section)
