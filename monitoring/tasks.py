"""Thin Celery tasks of the survey."""
from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from people.tenancy import organisation_ids, tenant_context

from .class_signal import class_signal_check
from .models import ClassSignal, RoundClass
from .release import results_release

#: Classes of rounds that closed less than this long ago are still checked.
CHECK_DAYS_AFTER_CLOSE = 2


@shared_task(acks_late=True, ignore_result=True)
def release_survey_results(now: str | None = None) -> int:
    """Release the results of rounds that closed (at fixed beat times; idempotent)."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    released = 0
    for org_id in organisation_ids():
        with tenant_context(org_id):
            released += results_release(org_id, now=moment)
    return released


@shared_task(acks_late=True, ignore_result=True)
def check_class_signals(now: str | None = None) -> int:
    """Make the thermometer's class signals that are due, in batches (hourly by beat).

    Checking apart from submission means a signal's time says nothing about who submitted
    last. Idempotent: a class gets at most one signal per round (ClassSignal)."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    made = 0
    for org_id in organisation_ids():
        with tenant_context(org_id):
            classes = (
                RoundClass.objects.for_organisation(org_id)
                .filter(
                    round__opens_at__lte=moment,
                    round__closes_at__gte=moment - dt.timedelta(days=CHECK_DAYS_AFTER_CLOSE),
                )
                .exclude(pk__in=ClassSignal.objects.for_organisation(org_id).values("round_class"))
                .values_list("pk", flat=True)
            )
            for round_class_id in list(classes):
                if class_signal_check(round_class_id=round_class_id) is not None:
                    made += 1
    return made
