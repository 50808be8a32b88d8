"""Reads of the round pages and the API: rounds, their classes, what the user may pick.

Who reaches what is monitoring.access; the results themselves (figures, suppression,
comparisons) are monitoring.results.
"""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from people import access as people_access
from people.models import Branch, SchoolClass
from people.permissions import within_reach

from .access import MANAGE_ROUNDS, READ_DASHBOARDS, round_classes_for, rounds_for
from .codes import MAX_CODES_PER_CLASS
from .models import RespondentCount, RoundClass, SurveyRound


def round_list(user) -> QuerySet[SurveyRound]:
    """Rounds the user manages, with the number of (their) classes and codes issued, newest first."""
    visible = Q(classes__in=round_classes_for(user, permission=MANAGE_ROUNDS).values("pk"))
    return (
        rounds_for(user, permission=MANAGE_ROUNDS)
        .annotate(
            class_count=Count("classes", filter=visible, distinct=True),
            invited_total=Sum("classes__invited", filter=visible),
        )
        .order_by("-opens_at", "-id")
    )


def round_classes(user, survey: SurveyRound) -> list[RoundClass]:
    """The round's classes the user manages, each with ``responded`` (pre-aggregated count)."""
    counts = (
        RespondentCount.objects.for_organisation(survey.organisation_id)
        .filter(round=survey)
        .values("round_class_id")
        .annotate(n=Sum("n"))
    )
    responded = {row["round_class_id"]: row["n"] for row in counts}
    classes: list[RoundClass] = list(
        round_classes_for(user, permission=MANAGE_ROUNDS).filter(round=survey).select_related("branch")
        .order_by("branch__name", "class_name")
        .annotate(class_size=Count("school_class__enrolments", distinct=True))
    )
    for rc in classes:
        rc.responded = responded.get(rc.pk, 0)  # type: ignore[attr-defined]
    return classes


def default_slip_count(round_class) -> int:
    """One slip per student of the class (its size when the round was listed); 32 when
    the class has no students on record. Within the per-issue limit."""
    size = getattr(round_class, "class_size", 0) or 0
    return min(size, MAX_CODES_PER_CLASS) if size else 32


def classes_for_new_round(user) -> QuerySet[SchoolClass]:
    """Classes of this and later school years at branches where the user manages rounds."""
    org_id = people_access.scope_for(user).organisation_id
    if org_id is None:
        return SchoolClass.objects.none()
    return (
        SchoolClass.objects.for_organisation(org_id)
        .filter(school_year__ends_on__gte=timezone.localdate())
        .filter(within_reach(user, MANAGE_ROUNDS))
        .select_related("branch", "school_year")
        .order_by("branch__name", "school_year__starts_on", "name")
    )


def rounds_for_branch(*, branch: Branch) -> list[SurveyRound]:
    """Rounds in which the branch took part, newest first."""
    return list(
        SurveyRound.objects.for_organisation(branch.organisation_id)
        .filter(pk__in=RoundClass.objects.for_organisation(branch.organisation_id).filter(branch=branch).values("round"))
        .order_by("-opens_at", "-id")
    )


def result_rounds_for(user) -> list[SurveyRound]:
    """Rounds with at least one class of a branch whose results the user may see, newest first."""
    return list(rounds_for(user, permission=READ_DASHBOARDS).order_by("-opens_at", "-id"))
