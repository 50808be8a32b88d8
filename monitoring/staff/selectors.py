"""Staff monitor results: one group per round (the branch's staff), published only from K.

A staff round has no breakdown (no role, department or age), so the only suppression is
the primary rule: below the round's K respondents nothing is shown. And, as for the
students' thermometer, nothing is shown while the round is open: figures that moved with
every submission would let someone who reads them before and after a colleague sends
recover that colleague's answers. After the close no code works, so they never move again. Figures come from the
counters only, as for students (monitoring.aspects' definitions).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from people import access as people_access

from .. import aspects
from ..results import Sums
from ..suppression import validate_k
from .models import StaffResultCount, StaffRound
from .services import staff_branches_for, staff_instrument


@dataclass
class StaffResults:
    survey: StaffRound
    k: int
    respondents: int | None  # None: below K
    means: dict[str, float | None]
    sections: list[tuple[str, float | None]]
    statements: list[aspects.StatementShares] = field(default_factory=list)
    published: bool = True

    @property
    def suppressed(self) -> bool:
        return self.respondents is None


def staff_rounds_for(user, *, branch_ids=None):
    qs = StaffRound.objects.filter(branch__in=staff_branches_for(user)).select_related("branch")
    if branch_ids is not None:
        qs = qs.filter(branch_id__in=list(branch_ids))
    return qs.order_by("-opens_at", "-id")


def get_staff_round_for_user(user, round_id) -> StaffRound:
    return people_access.get_or_404(staff_rounds_for(user), round_id)


def staff_results(survey: StaffRound, lang: str = "nl", *, now=None) -> StaffResults:
    k = validate_k(survey.min_group_size)
    instrument = staff_instrument(survey.instrument_version)
    per_item = {
        r.item_key: Sums(r.n, r.total, r.high, tuple(getattr(r, f) for f in StaffResultCount.OPTION_FIELDS))
        for r in StaffResultCount.objects.for_organisation(survey.organisation_id).filter(round=survey)
    }
    n = max((s.n for s in per_item.values()), default=0)
    published = survey.closes_at <= (now or timezone.now())
    if n < k or not published:
        return StaffResults(survey, k, None, aspects.aspect_means(instrument, None),
                            [(s.lead(lang), None) for s in instrument.sections],
                            aspects.option_shares(instrument, None, lang), published=published)
    sections = []
    for s in instrument.sections:
        total = sum(per_item[i.key].total for i in s.items if i.key in per_item)
        count = sum(per_item[i.key].n for i in s.items if i.key in per_item)
        sections.append((s.lead(lang), total / count if count else None))
    return StaffResults(survey, k, n, aspects.aspect_means(instrument, per_item), sections,
                        aspects.option_shares(instrument, per_item, lang))
