"""Helpers for tests that fill in the thermometer as a student would, and publish it."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from monitoring.models import SurveyRound
from monitoring.submission import response_submit, session_start
from monitoring.tasks import release_survey_results
from people.tenancy import tenant_context


def submit(code: str, answers: dict, gender: str | None = None, **kwargs) -> None:
    """Start with the code and send the answers (two transactions, as the pages do)."""
    token, _session = session_start(raw_code=code)
    response_submit(session_token=token, answers=answers, gender=gender, **kwargs)


def close_and_release(survey: SurveyRound) -> int:
    """Close the round now and run the release task: what the dashboards then show."""
    with tenant_context(survey.organisation_id):
        closes = timezone.now() - dt.timedelta(seconds=1)
        SurveyRound.objects.filter(pk=survey.pk).update(
            closes_at=closes, opens_at=min(survey.opens_at, closes - dt.timedelta(hours=1))
        )
        survey.refresh_from_db()
    return release_survey_results()
