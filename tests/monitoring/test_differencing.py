"""Issue 11, item 1: reading the results just before and just after one student sends
must teach nothing about that student.

A curious insider polls every place results are published (the branch and board
dashboards, the results API, the inspection CSV, the inspection report as page and CSV)
between two submissions. While the round is open nothing moves; the results appear once,
at a release made by beat after the round closed, with everyone in them; after that no
submission is possible, so they never move again.
"""
import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from monitoring import services as monitoring_services
from monitoring.codes import CodeProblem
from monitoring.instrument import load_instrument
from monitoring.models import RoundClass
from monitoring.submission import session_start
from monitoring.tasks import release_survey_results
from tests.monitoring.survey import close_and_release, submit

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()


def answers(value):
    return {key: value for key in INSTRUMENT.item_keys}


def _normal(body: str) -> str:
    # Only what differs between two identical page loads: the CSRF token.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


class Insider:
    """A board coordinator who reads every publication of the round's results."""

    def __init__(self, board, survey):
        self.board, self.survey = board, survey
        self.page = Client()
        self.page.force_login(board.board_coordinator)
        self.api = APIClient()
        self.api.force_authenticate(board.board_coordinator)
        year = board.school_class.school_year_id
        self.urls = [
            f"/veiligheid/vestigingen/{board.branch.pk}/?peiling={survey.pk}",
            f"/veiligheid/bestuur/?peiling={survey.pk}",
            f"/veiligheid/peilingen/{survey.pk}/inspectie.csv",
            f"/inspectierapport/rapport/?vestiging={board.branch.pk}&schooljaar={year}&formaat=html",
            f"/inspectierapport/rapport/?vestiging={board.branch.pk}&schooljaar={year}&formaat=csv",
        ]
        self.api_urls = [
            f"/api/v1/survey-rounds/{survey.pk}/results/branches/{board.branch.pk}/",
            f"/api/v1/survey-rounds/{survey.pk}/results/board/",
        ]

    def read(self) -> dict[str, str]:
        seen = {}
        for url in self.urls:
            response = self.page.get(url)
            assert response.status_code == 200, (url, response.status_code)
            seen[url] = _normal(response.content.decode())
        for url in self.api_urls:
            response = self.api.get(url)
            assert response.status_code == 200, (url, response.status_code)
            seen[url] = response.content.decode()
        return seen


def test_polling_between_submissions_learns_nothing_about_one_student(board):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk], min_group_size=5,
        )
        rc = RoundClass.objects.get(round=survey)
        codes = monitoring_services.codes_issue(round_class=rc, count=14, acting_user=board.coordinator)
    insider = Insider(board, survey)
    # Twelve classmates answer 1 to everything: plenty for every group to be shown.
    for code in codes[:12]:
        submit(code, answers(1), gender="girl")
    release_survey_results()  # beat runs while the round is open
    before = insider.read()
    # One student, distinctive answers (all 5s, the only boy).
    submit(codes[12], answers(5), gender="boy")
    release_survey_results()
    after = insider.read()
    assert "De uitkomsten verschijnen kort nadat de peiling sluit" in after[insider.urls[0]]
    for url in before:
        assert before[url] == after[url], f"{url} moved with one submission"

    # The round closes; beat releases it: the results appear once, with all thirteen in them.
    close_and_release(survey)
    published = insider.read()
    branch_api = published[insider.api_urls[0]]
    assert published != after
    assert '"respondents":13' in branch_api.replace(" ", ""), branch_api[:400]
    # ...and can never move again: no one can start or send after the close.
    with pytest.raises(CodeProblem, match="gesloten"):
        session_start(raw_code=codes[13])
    release_survey_results()
    assert insider.read() == published
