"""Who may see and manage survey rounds, and the reads the round pages and API need.

A round can span several branches. Staff who may open rounds (monitoring.codes.ROUND_ROLES)
see a round when it has a class at a branch where they hold such a role; board roles see
every round of their organisation. Within a round they see only their own branches'
classes. Other organisations' ids, and rounds a user may not see, give 404.
"""
from __future__ import annotations

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from people import access as people_access
from people.ids import id_or_404
from people.models import SchoolClass

from .codes import ROUND_ROLES
from .models import RespondentCount, RoundClass, SurveyRound

_NO_ORG = "00000000-0000-0000-0000-000000000000"


def managed_branch_ids(user) -> set[int] | None:
    """Branch ids where the user may manage rounds; None means every branch (board role)."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return set()
    if scope.organisation_roles & ROUND_ROLES:
        return None
    return scope.branches_with(ROUND_ROLES)


def can_manage_any(user) -> bool:
    branches = managed_branch_ids(user)
    return branches is None or bool(branches)


def _round_classes_for(user) -> QuerySet[RoundClass]:
    org_id = people_access.scope_for(user).organisation_id or _NO_ORG
    qs = RoundClass.objects.for_organisation(org_id)
    branches = managed_branch_ids(user)
    return qs if branches is None else qs.filter(branch_id__in=branches)


def rounds_for(user) -> QuerySet[SurveyRound]:
    org_id = people_access.scope_for(user).organisation_id or _NO_ORG
    qs = SurveyRound.objects.for_organisation(org_id)
    if managed_branch_ids(user) is None:
        return qs
    return qs.filter(pk__in=_round_classes_for(user).values("round_id"))


def round_list(user) -> QuerySet[SurveyRound]:
    """Rounds with the number of (visible) classes and codes issued, newest first."""
    visible = _round_classes_for(user)
    return (
        rounds_for(user)
        .annotate(
            class_count=Count("classes", filter=_in(visible), distinct=True),
            invited_total=Sum("classes__invited", filter=_in(visible)),
        )
        .order_by("-opens_at", "-id")
    )


def _in(visible):
    from django.db.models import Q

    return Q(classes__in=visible.values("pk"))


def get_round_for_user(user, round_id) -> SurveyRound:
    found = rounds_for(user).filter(pk=id_or_404(str(round_id))).first()
    if found is None:
        raise Http404
    return found


def round_classes(user, survey: SurveyRound) -> list[RoundClass]:
    """The round's classes the user manages, each with ``responded`` (pre-aggregated count)."""
    counts = (
        RespondentCount.objects.for_organisation(survey.organisation_id)
        .filter(round=survey)
        .values("round_class_id")
        .annotate(n=Sum("n"))
    )
    responded = {row["round_class_id"]: row["n"] for row in counts}
    classes = list(
        _round_classes_for(user).filter(round=survey).select_related("branch").order_by("branch__name", "class_name")
        .annotate(class_size=Count("school_class__enrolments", distinct=True))
    )
    for rc in classes:
        rc.responded = responded.get(rc.pk, 0)
    return classes


def default_slip_count(round_class) -> int:
    """One slip per student of the class (its size when the round was listed); 32 when
    the class has no students on record. Within the per-issue limit."""
    from .codes import MAX_CODES_PER_CLASS

    size = getattr(round_class, "class_size", 0) or 0
    return min(size, MAX_CODES_PER_CLASS) if size else 32


def get_round_class_for_user(user, survey: SurveyRound, round_class_id) -> RoundClass:
    found = _round_classes_for(user).filter(round=survey, pk=id_or_404(str(round_class_id))).select_related("branch", "round").first()
    if found is None:
        raise Http404
    return found


def classes_for_new_round(user) -> QuerySet[SchoolClass]:
    """Classes of this and later school years at branches where the user manages rounds."""
    org_id = people_access.scope_for(user).organisation_id or _NO_ORG
    qs = SchoolClass.objects.for_organisation(org_id).filter(school_year__ends_on__gte=timezone.localdate())
    branches = managed_branch_ids(user)
    if branches is not None:
        qs = qs.filter(branch_id__in=branches)
    return qs.select_related("branch", "school_year").order_by("branch__name", "school_year__starts_on", "name")


