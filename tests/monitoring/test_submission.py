"""Codes and submission: one response per code, nothing that links a response to anyone."""
import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from monitoring import codes as code_service
from monitoring.codes import CodeProblem
from monitoring.instrument import load_instrument
from monitoring.models import AccessCode, RespondentCount, Response, ResultCount, RoundClass
from monitoring.submission import draft_of, draft_save, response_submit
from people.tenancy import tenant_context

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()


def all_answers(value=1):
    return {key: value for key in INSTRUMENT.item_keys}


def open_round(board, *, opens=None, closes=None, count=3):
    now = timezone.now()
    with board.tenant():
        survey = code_service.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=opens or now - dt.timedelta(days=1), closes_at=closes or now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        issued = code_service.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)
    return survey, rc, issued


def test_codes_are_long_unambiguous_and_stored_only_as_keyed_hashes(board):
    _survey, _rc, issued = open_round(board, count=5)
    assert len(set(issued)) == 5
    for code in issued:
        assert len(code) == 12 and set(code) <= set(code_service.ALPHABET)
        assert not set(code) & set("01OIL")
    with board.tenant():
        stored = list(AccessCode.objects.values_list("digest", flat=True))
    assert all(code not in d for code in issued for d in stored)


def test_a_response_row_holds_nothing_that_links_it_to_a_code_user_ip_or_time(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    response_submit(raw_code=code.lower(), answers=all_answers(2), gender="girl")
    columns = {f.name for f in Response._meta.get_fields() if f.concrete}
    assert columns == {"id", "organisation", "round", "round_class", "branch", "department", "gender", "answers"}
    assert not [f for f in Response._meta.concrete_fields if f.get_internal_type() in ("DateTimeField", "DateField", "GenericIPAddressField")]
    code_columns = {f.name for f in AccessCode._meta.concrete_fields}
    assert not [f for f in AccessCode._meta.concrete_fields if f.get_internal_type() in ("DateTimeField", "DateField")]
    assert "response" not in code_columns
    with board.tenant():
        response = Response.objects.get()
        assert response.id.version == 4  # random, not a sequence
        assert AccessCode.objects.filter(used=True, draft__isnull=True).count() == 1


def test_one_response_per_code(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    response_submit(raw_code=code, answers=all_answers())
    with pytest.raises(CodeProblem, match="al gebruikt"):
        response_submit(raw_code=code, answers=all_answers())
    with board.tenant():
        assert Response.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_simultaneous_submissions_of_one_code_exactly_one_wins(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            response_submit(raw_code=code, answers=all_answers(3))
            outcomes.append("ok")
        except CodeProblem:
            outcomes.append("used")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "used", "used", "used"]
    with tenant_context(board.organisation):
        assert Response.objects.count() == 1
        assert RespondentCount.objects.get().n == 1


def test_answers_are_kept_when_the_connection_drops_and_can_be_resumed(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    first = {item.key: 4 for item in INSTRUMENT.section("safe_to").items}
    draft_save(raw_code=code, answers=first, gender="boy")
    assert draft_of(code)["answers"] == first
    rest = {k: 0 for k in INSTRUMENT.item_keys if k not in first}
    response_submit(raw_code=code, answers=rest)
    with board.tenant():
        response = Response.objects.get()
    assert response.gender == "boy" and response.answers["safe_to.be_myself"] == 4


def test_incomplete_or_out_of_range_answers_store_nothing(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    partial = dict(list(all_answers().items())[:10])
    with pytest.raises(ValidationError):
        response_submit(raw_code=code, answers=partial)
    with pytest.raises(ValidationError):
        response_submit(raw_code=code, answers={**all_answers(), "safe_to.be_myself": 6})
    with pytest.raises(ValidationError):
        response_submit(raw_code=code, answers={**all_answers(), "not.an.item": 1})
    with board.tenant():
        assert Response.objects.count() == 0
        assert AccessCode.objects.filter(used=True).count() == 0


def test_unknown_expired_and_not_yet_open_codes_get_clear_messages(board):
    with pytest.raises(CodeProblem, match="kennen we niet"):
        response_submit(raw_code="ABCD-EFGH-JKMN", answers=all_answers())
    now = timezone.now()
    _s, _rc, (early, *_r) = open_round(board, opens=now + dt.timedelta(days=1), closes=now + dt.timedelta(days=2))
    with pytest.raises(CodeProblem, match="nog niet open"):
        response_submit(raw_code=early, answers=all_answers())
    _s, _rc, (late, *_r) = open_round(board, opens=now - dt.timedelta(days=2), closes=now - dt.timedelta(days=1))
    with pytest.raises(CodeProblem, match="gesloten"):
        response_submit(raw_code=late, answers=all_answers())


def test_results_are_pre_aggregated(board):
    _survey, rc, codes = open_round(board, count=3)
    for value, code in zip((1, 3, 5), codes, strict=True):
        response_submit(raw_code=code, answers=all_answers(value), gender="girl")
    with board.tenant():
        counts = ResultCount.objects.get(round_class=rc, gender="girl", item_key="safe_to.be_myself")
        respondents = RespondentCount.objects.get(round_class=rc, gender="girl")
    assert (counts.n, counts.total, counts.high) == (3, 9, 2)
    assert (respondents.n, respondents.bullied) == (3, 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_sweep_leaves_no_row_version_that_pairs_a_code_with_its_response(board):
    from django.db import connection

    from monitoring.tasks import sweep_survey_rows

    _survey, _rc, codes = open_round(board, count=3)
    for code in codes:
        response_submit(raw_code=code, answers=all_answers(2))

    def versions(table):
        with tenant_context(board.organisation), connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {table}")  # noqa: S608 - fixed names
            return {row[0] for row in cursor.fetchall()}

    assert versions("monitoring_response") & versions("monitoring_accesscode")  # paired before
    sweep_survey_rows()
    codes_after, responses_after = versions("monitoring_accesscode"), versions("monitoring_response")
    assert len(responses_after) == 1
    assert not codes_after & responses_after or len(codes_after) == 1
