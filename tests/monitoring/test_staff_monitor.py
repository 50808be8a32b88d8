"""The staff monitor (issue 13, item 6): one-time codes from management, anonymous answers,
suppression below K, its own dashboard and a section in the report's PDCA chapter."""
from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring.codes import CodeProblem
from monitoring.report.content import build_report
from monitoring.report.render import render_report_html
from monitoring.staff import selectors, services
from monitoring.staff.models import StaffCode, StaffResponse, StaffResultCount, StaffRound

pytestmark = pytest.mark.django_db

INSTRUMENT = services.staff_instrument()


def open_staff_round(board, *, count=12, k=10, user=None):
    now = timezone.now()
    with board.tenant():
        return services.staff_round_create(
            organisation=board.organisation, acting_user=user or board.management, branch_id=board.branch.pk,
            name="Personeelsmonitor voorjaar", opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
            count=count, min_group_size=k)


def answer_all(codes, seed=6):
    rng = random.Random(seed)
    given = []
    for code in codes:
        answers = {key: rng.randint(0, 5) for key in INSTRUMENT.item_keys}
        services.staff_response_submit(raw_code=code, answers=answers)
        given.append(answers)
    return given


def test_management_hands_out_codes_and_answers_are_counted_once(board):
    survey, codes = open_staff_round(board)
    assert len(set(codes)) == 12
    given = answer_all(codes[:11])
    with pytest.raises(CodeProblem):
        services.staff_response_submit(raw_code=codes[0], answers=given[0])
    with board.tenant():
        assert StaffResponse.objects.count() == 11 and StaffCode.objects.filter(used=True).count() == 11
        result = selectors.staff_results(survey, now=survey.closes_at)
        counts = {r.item_key: r for r in StaffResultCount.objects.all()}
    assert result.respondents == 11
    for key in INSTRUMENT.item_keys:
        values = [a[key] for a in given]
        assert (counts[key].n, counts[key].total) == (11, sum(values))
        assert [getattr(counts[key], f"a{v}") for v in range(6)] == [values.count(v) for v in range(6)]
    harm = [a[i.key] for a in given for i in INSTRUMENT.section("staff_harm").items]
    assert result.means["aantasting"] == pytest.approx(sum(harm) / len(harm))
    st = result.statements[0]
    assert st.shares == pytest.approx([[a[st.key] for a in given].count(v) / 11 for v in range(6)])


def test_polling_while_the_round_is_open_learns_nothing_about_one_colleague(board):
    survey, codes = open_staff_round(board)
    answer_all(codes[:10])
    reads = []
    with board.tenant():
        reads.append(selectors.staff_results(survey))
    answer_all(codes[10:11])  # one colleague sends, with answers of their own
    with board.tenant():
        reads.append(selectors.staff_results(survey))
        assert reads[0] == reads[1]
        assert not reads[1].published and reads[1].suppressed
        closed = selectors.staff_results(survey, now=survey.closes_at)
    assert closed.published and closed.respondents == 11


def test_below_k_nothing_is_shown(board):
    survey, codes = open_staff_round(board)
    answer_all(codes[:9])
    with board.tenant():
        result = selectors.staff_results(survey, now=survey.closes_at)
    assert result.suppressed and set(result.means.values()) == {None}
    assert all(st.shares is None for st in result.statements)


def test_only_management_opens_a_round_and_bad_input_is_refused(board):
    for user in (board.mentor, board.teacher, board.coordinator):
        with pytest.raises(PermissionDenied):
            open_staff_round(board, user=user)
    with pytest.raises(ValidationError):
        open_staff_round(board, k=3)
    survey, codes = open_staff_round(board, count=1)
    with pytest.raises(ValidationError):
        services.staff_response_submit(raw_code=codes[0], answers={"staff_safe.in_class": 9})
    with board.tenant():
        assert StaffResponse.objects.count() == 0 and not StaffCode.objects.get().used
    with pytest.raises(CodeProblem):
        services.staff_response_submit(raw_code="ABCD-EFGH-JKMN", answers={})


def test_the_pages_the_dashboard_and_the_report(client, board, other_board):
    survey, codes = open_staff_round(board)
    page = client.get(reverse("monitoring:staff_survey"))
    assert page.status_code == 200 and "Beledigd of met scheldwoorden aangesproken" in page.content.decode()
    answers = {key: "2" for key in INSTRUMENT.item_keys}
    assert client.post(reverse("monitoring:staff_survey"), {"code": codes[0], **answers}).status_code == 200
    bad = client.post(reverse("monitoring:staff_survey"), {"code": codes[0], **answers})
    assert bad.status_code == 400
    answer_all(codes[1:11])
    client.force_login(board.management)
    body = client.get(reverse("monitoring:staff_dashboard")).content.decode()
    assert "De uitkomsten verschijnen als de peiling sluit" in body and "Ingevuld: 11" not in body
    with board.tenant():  # the round closes
        StaffRound.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    body = client.get(reverse("monitoring:staff_dashboard")).content.decode()
    assert "Personeelsmonitor voorjaar" in body and "Ingevuld: 11 van 12" in body
    created = client.post(reverse("monitoring:staff_dashboard"), {
        "branch": board.branch.pk, "name": "Tweede", "opens_at": "2027-01-10T08:00", "closes_at": "2027-01-20T08:00",
        "count": 3, "min_group_size": 10})
    assert created.status_code == 200 and created.content.decode().count("<li><code>") == 3
    for outsider in (board.mentor, board.coordinator):
        client.force_login(outsider)
        assert client.get(reverse("monitoring:staff_dashboard")).status_code == 404
    client.force_login(other_board.management)  # their own (empty) dashboard, nothing of this board
    assert "Personeelsmonitor voorjaar" not in client.get(reverse("monitoring:staff_dashboard")).content.decode()
    client.force_login(other_board.board_coordinator)
    assert client.get(reverse("monitoring:staff_dashboard") + f"?ronde={survey.pk}").status_code == 404
    with board.tenant():
        html = render_report_html(build_report(organisation_id=board.organisation.pk,
                                               school_year=board.school_class.school_year, branch=board.branch))
    assert "Personeelsmonitor (check)" in html and "ingevuld door 11 van 12" in html
