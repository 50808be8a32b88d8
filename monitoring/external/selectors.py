"""Reading external monitor results (aggregates only)."""
from __future__ import annotations

from people.models import SchoolYear

from .models import ExternalMonitorResult


def external_results(*, organisation_id, school_year: SchoolYear | None = None, branch_ids=None):
    qs = ExternalMonitorResult.objects.for_organisation(organisation_id).select_related("branch", "school_year")
    if school_year is not None:
        qs = qs.filter(school_year=school_year)
    if branch_ids is not None:
        qs = qs.filter(branch_id__in=list(branch_ids))
    return qs.order_by("-school_year__starts_on", "branch__name", "instrument")


def branches_with_external_results(organisation_id, school_year: SchoolYear) -> set[int]:
    """For monitoring.duty: an entered external monitor meets the yearly duty too."""
    return set(ExternalMonitorResult.objects.for_organisation(organisation_id).filter(school_year=school_year)
               .values_list("branch_id", flat=True))
