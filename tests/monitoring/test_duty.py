"""The yearly monitoring duty as a deadline, and representativeness (issue 13, item 4)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import duty, results
from monitoring.models import RoundClass, SurveyRound
from monitoring.report.content import build_report
from monitoring.report.render import render_report_html
from monitoring.tasks import release_survey_results
from tests.monitoring.test_aspects import run_round

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def at(y, m, d):
    return dt.datetime(y, m, d, 12, tzinfo=TZ)


def close(board, survey):
    with board.tenant():
        SurveyRound.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(hours=1),
                                                        opens_at=timezone.now() - dt.timedelta(days=3))
    release_survey_results()  # beat: a closed round's results are counted


def test_a_branch_without_a_closed_round_gets_a_follow_up_ahead_of_1_july(board):
    with board.tenant():
        states = {when: [(d.branch.pk, d.state) for d in duty.duty_followups_for(board.coordinator, now=at(*when))]
                  for when in ((2027, 3, 1), (2027, 6, 1), (2027, 7, 5))}
    assert states[(2027, 3, 1)] == [(board.branch.pk, "open")]
    assert states[(2027, 6, 1)] == [(board.branch.pk, "urgent")]
    assert states[(2027, 7, 5)] == [(board.branch.pk, "late")]
    with board.tenant():
        assert duty.deadline_of(board.school_class.school_year) == dt.date(2027, 7, 1)
        # the mentor and the teacher follow no duty; the coordinator only their own branch
        assert duty.duty_followups_for(board.mentor, now=at(2027, 6, 1)) == []
        assert duty.duty_followups_for(board.teacher, now=at(2027, 6, 1)) == []
        board_view = duty.duty_followups_for(board.board_coordinator, now=at(2027, 6, 1))
    assert {d.branch.pk for d in board_view} == {board.branch.pk, board.other_branch.pk}


def test_an_open_round_does_not_count_a_closed_one_does(board):
    survey = run_round(board, release=False)
    with board.tenant():
        assert [d.branch.pk for d in duty.duty_followups_for(board.coordinator)] == [board.branch.pk]
    close(board, survey)
    with board.tenant():
        assert duty.duty_followups_for(board.coordinator) == []
        status = duty.duty_status(organisation_id=board.organisation.pk, school_year=board.school_class.school_year,
                                  branches=[board.branch, board.other_branch])
    assert [(d.state == "done", d.closed_rounds) for d in status] == [(True, 1), (False, 0)]


def test_the_start_page_shows_the_follow_up_to_the_coordinator_only(client, board):
    client.force_login(board.coordinator)
    body = client.get(reverse("home")).content.decode()
    assert "Jaarlijkse monitoring van de veiligheid" in body and board.branch.name in body
    assert "nog geen afgesloten peiling in schooljaar 2026-2027" in body
    client.force_login(board.mentor)
    assert "Jaarlijkse monitoring van de veiligheid" not in client.get(reverse("home")).content.decode()


def test_representativeness_is_shown_and_low_response_flagged(client, board):
    survey = run_round(board)
    close(board, survey)
    with board.tenant():
        # Leerjaar 2 invited many more than answered: its response is low.
        RoundClass.objects.filter(round=survey, class_name="V2B").update(invited=60)
        result = results.branch_breakdowns(survey=survey, branch=board.branch)
        rep = duty.representativeness(result)
    grade2 = next(line for line in rep.grades if line.label == "Leerjaar 2")
    assert grade2.rate == pytest.approx(25 / 73) and grade2.low
    assert rep.any_low
    grade1 = next(line for line in rep.grades if line.label == "Leerjaar 1")
    assert not grade1.low
    with board.tenant():
        report = build_report(organisation_id=board.organisation.pk, school_year=board.school_class.school_year,
                              branch=board.branch)
        html = render_report_html(report)
    assert "Lage respons" in html and "Representativiteit" in html
    assert "in schooljaar 2026-2027 gedaan" in html
    client.force_login(board.coordinator)
    page = client.get(reverse("monitoring:dashboard_branch", args=[board.branch.pk]) + f"?peiling={survey.pk}")
    assert "Lage respons" in page.content.decode()


def test_the_report_names_a_branch_that_did_not_monitor(board):
    with board.tenant():
        report = build_report(organisation_id=board.organisation.pk, school_year=board.school_class.school_year,
                              branch=board.branch)
        html = render_report_html(report)
    assert "nog geen peiling afgesloten" in html and "1 juli 2027" in html
