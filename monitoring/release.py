"""Releasing thermometer results: the only way responses reach the counts.

Why: if the counts moved with every submission, anyone who may read the results could
read them just before and just after one student sends, and subtract: k-suppression per
cell does not stop that. So a response is stored uncounted (monitoring.submission) and
the counts change only here, in releases that a beat task makes at fixed times
(``CELERY_BEAT_SCHEDULE["survey-results-release"]``), never at a moment a student
chooses:

* a round's responses are released **when the round has closed**; after that no
  response can come in, so the published figures never change again;
* while a round is open nothing of it is published (the dashboards, the API, the
  inspection report and its CSV read only the counts, so they show nothing yet).

A release re-inserts its responses in shuffled order under fresh random keys, so neither
their row versions nor their place in the table keep the order in which they were sent.
It also deletes the sessions of closed rounds (students who started but never sent) and
drafts whose session expired.
"""
from __future__ import annotations

import random
import uuid
from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .drafts import drafts_purge
from .models import RespondentCount, Response, ResultCount, SurveyRound, SurveySession
from .results_cache import bump_results_version
from .submission import HIGH, instrument_of, reports_bullying


def rounds_due(organisation_id, *, now=None) -> list[SurveyRound]:
    """Closed rounds with responses still waiting to be counted."""
    now = now or timezone.now()
    waiting = Response.objects.for_organisation(organisation_id).filter(released=False).values("round")
    return list(SurveyRound.objects.for_organisation(organisation_id).filter(closes_at__lte=now, pk__in=waiting))


def round_release(*, survey: SurveyRound) -> int:
    """Add every uncounted response of a closed round to the counts (call with the
    organisation active). Returns how many were released. Idempotent."""
    org = survey.organisation_id
    with transaction.atomic():
        # Lock the round: two releases at once must not count a response twice.
        SurveyRound.objects.select_for_update().filter(pk=survey.pk).first()
        batch = list(
            Response.objects.for_organisation(org).filter(round=survey, released=False)
            .only("round_class_id", "branch_id", "department_id", "gender", "answers")
        )
        if not batch:
            return 0
        _add_to_counts(survey, batch)
        bump_results_version(org)  # the dashboards' cached figures (monitoring.results_cache)
        Response.objects.for_organisation(org).filter(pk__in=[r.pk for r in batch]).delete()
        random.SystemRandom().shuffle(batch)
        Response.objects.bulk_create(
            [
                Response(id=uuid.uuid4(), organisation_id=org, round_id=survey.pk, round_class_id=r.round_class_id,
                         branch_id=r.branch_id, department_id=r.department_id, gender=r.gender, answers=r.answers,
                         released=True)
                for r in batch
            ],
            batch_size=1000,
        )
    return len(batch)


def _add_to_counts(survey: SurveyRound, batch: list[Response]) -> None:
    org = survey.organisation_id
    instrument = instrument_of(survey)
    respondents: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    items: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0, 0, 0])
    for response in batch:
        group = (response.round_class_id, response.gender)
        respondents[group][0] += 1
        respondents[group][1] += 1 if reports_bullying(instrument, response.answers) else 0
        for key, value in response.answers.items():
            cell = items[(*group, key)]
            cell[0] += 1
            cell[1] += value
            cell[2] += 1 if value >= HIGH else 0
            cell[3 + value] += 1  # the per-option count (ResultCount.OPTION_FIELDS)
    RespondentCount.objects.bulk_create(
        [RespondentCount(organisation_id=org, round_id=survey.pk, round_class_id=rc, gender=g) for rc, g in respondents],
        ignore_conflicts=True,
    )
    ResultCount.objects.bulk_create(
        [ResultCount(organisation_id=org, round_id=survey.pk, round_class_id=rc, gender=g, item_key=k)
         for rc, g, k in items],
        ignore_conflicts=True, batch_size=2000,
    )
    for (rc, g), (n, bullied) in respondents.items():
        RespondentCount.objects.for_organisation(org).filter(round_class_id=rc, gender=g).update(
            n=F("n") + n, bullied=F("bullied") + bullied
        )
    rows = ResultCount.objects.for_organisation(org).filter(round=survey).only("pk", "round_class_id", "gender", "item_key")
    options = list(ResultCount.OPTION_FIELDS)
    changed = []
    for row in rows:
        cell = items.get((row.round_class_id, row.gender, row.item_key))
        if cell:
            row.n, row.total, row.high = F("n") + cell[0], F("total") + cell[1], F("high") + cell[2]
            for index, option in enumerate(options):
                setattr(row, option, F(option) + cell[3 + index])
            changed.append(row)
    ResultCount.objects.bulk_update(changed, ["n", "total", "high", *options], batch_size=500)


def results_release(organisation_id, *, now=None) -> int:
    """Release every closed round of one organisation that has responses waiting, and
    forget sessions of closed rounds and drafts whose session expired."""
    now = now or timezone.now()
    released = sum(round_release(survey=survey) for survey in rounds_due(organisation_id, now=now))
    SurveySession.objects.for_organisation(organisation_id).filter(code__round__closes_at__lte=now).delete()
    drafts_purge(organisation_id, now=now)
    return released
