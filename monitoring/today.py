"""The survey's section of the "Vandaag" start page (people.today): talk requests that
students made after the thermometer and nobody has taken up yet (their signal is new)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from incidents.models import Signal
from people.today import TODAY_PROVIDERS, TodayItem, TodaySection, Urgency

from .talk import talk_requests_for


def talk_requests_section(user, scope, today):
    if scope.organisation_id is None:
        return None
    waiting = Signal.objects.for_organisation(scope.organisation_id).filter(
        source=Signal.Source.TALK_REQUEST, status=Signal.Status.NEW
    ).values("pk")
    qs = talk_requests_for(user).filter(signal_id__in=waiting).select_related("branch").order_by("created_at", "id")
    rows = list(qs[: TodaySection.LIMIT])
    total = qs.count()  # always: the page's query count must not depend on the data
    if not total and not _answers_requests(scope):
        return None  # a role that is never asked gets no empty section
    return TodaySection(
        key="talk", title=_("Gespreksverzoeken uit de thermometer"), urgency=Urgency.REQUEST,
        items=[
            TodayItem(
                title=_("%(name)s (%(class)s) wil praten met %(wants)s") % {
                    "name": t.name, "class": t.class_name or "—", "wants": t.get_wants_display().lower()},
                url=reverse("monitoring:talk_request_detail", args=[t.pk]), badge=t.created_at.strftime("%d-%m"),
                danger=(today - t.created_at.date()).days >= 2, detail=t.branch.name,
            )
            for t in rows[: TodaySection.LIMIT]
        ],
        total=total,
        empty=_("Geen open gespreksverzoeken. Leerlingen kunnen na de thermometer om een gesprek vragen."),
    )


def _answers_requests(scope) -> bool:
    from people.permissions import Permission, has_permission

    return has_permission(scope, Permission.ANSWER_TALK_REQUESTS)


def register() -> None:
    TODAY_PROVIDERS.register(talk_requests_section)

