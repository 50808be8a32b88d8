"""Codes, sessions and submission: one response per code, nothing that links a response to anyone."""
import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from monitoring import codes as code_service
from monitoring import services as monitoring_services
from monitoring.codes import CodeProblem
from monitoring.instrument import load_instrument
from monitoring.models import (
    AccessCode,
    RespondentCount,
    Response,
    ResultCount,
    RoundClass,
    SurveyDraft,
    SurveySession,
)
from monitoring.submission import draft_of, draft_save, response_submit, session_start
from people.tenancy import tenant_context
from tests.monitoring.survey import close_and_release, submit

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()


def all_answers(value=1):
    return {key: value for key in INSTRUMENT.item_keys}


def open_round(board, *, opens=None, closes=None, count=3):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=opens or now - dt.timedelta(days=1), closes_at=closes or now + dt.timedelta(days=7),
            class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        issued = monitoring_services.codes_issue(round_class=rc, count=count, acting_user=board.coordinator)
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
    submit(code.lower(), all_answers(2), gender="girl")
    columns = {f.name for f in Response._meta.get_fields() if f.concrete}
    assert columns == {"id", "organisation", "round", "round_class", "branch", "department", "gender", "answers",
                       "released"}
    assert not [f for f in Response._meta.concrete_fields if f.get_internal_type() in ("DateTimeField", "DateField", "GenericIPAddressField")]
    code_columns = {f.name for f in AccessCode._meta.concrete_fields}
    assert code_columns == {"id", "organisation", "round", "round_class", "digest", "used", "revoked"}
    with board.tenant():
        response = Response.objects.get()
        assert response.id.version == 4  # random, not a sequence
        assert AccessCode.objects.filter(used=True).count() == 1
        # The session that linked the student's browser to the code is gone.
        assert not SurveySession.objects.exists() and not SurveyDraft.objects.exists()


def test_one_response_per_code(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    token, _session = session_start(raw_code=code)
    response_submit(session_token=token, answers=all_answers())
    with pytest.raises(CodeProblem, match="opnieuw in"):
        response_submit(session_token=token, answers=all_answers())
    with pytest.raises(CodeProblem, match="al gebruikt"):
        session_start(raw_code=code)
    with board.tenant():
        assert Response.objects.count() == 1


def test_entering_the_code_again_elsewhere_moves_the_session_and_forgets_the_draft(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    first_device, _s = session_start(raw_code=code)
    draft_save(session_token=first_device, answers={"safe_to.be_myself": 4}, gender="girl")
    # The same device again: the same session, the draft is still there.
    again, _s = session_start(raw_code=code, current_token=first_device)
    assert again == first_device and draft_of(again)[1]["answers"] == {"safe_to.be_myself": 4}
    # Another device: a fresh token; the old one stops working; the draft cannot be opened.
    other, _s = session_start(raw_code=code)
    assert other != first_device
    with pytest.raises(CodeProblem, match="opnieuw in"):
        draft_of(first_device)
    assert draft_of(other)[1] == {}
    response_submit(session_token=other, answers=all_answers(), gender="boy")
    with board.tenant():
        assert Response.objects.get().gender == "boy"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_simultaneous_submissions_of_one_code_exactly_one_wins(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    token, _session = session_start(raw_code=code)
    barrier = threading.Barrier(4)
    outcomes = []

    def send():
        try:
            barrier.wait()
            response_submit(session_token=token, answers=all_answers(3))
            outcomes.append("ok")
        except CodeProblem:
            outcomes.append("used")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "used", "used", "used"]
    with tenant_context(board.organisation):
        assert Response.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_simultaneous_starts_with_one_code_exactly_one_claims_it(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    barrier = threading.Barrier(4)
    outcomes = []

    def start():
        try:
            barrier.wait()
            session_start(raw_code=code)
            outcomes.append("ok")
        except CodeProblem:
            outcomes.append("used")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ok" in outcomes
    with tenant_context(board.organisation):
        assert SurveySession.objects.count() == 1


def test_answers_are_kept_when_the_connection_drops_and_can_be_resumed(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    token, _s = session_start(raw_code=code)
    first = {item.key: 4 for item in INSTRUMENT.section("safe_to").items}
    draft_save(session_token=token, answers=first, gender="boy")
    assert draft_of(token)[1]["answers"] == first
    rest = {k: 0 for k in INSTRUMENT.item_keys if k not in first}
    response_submit(session_token=token, answers=rest)
    with board.tenant():
        response = Response.objects.get()
    assert response.gender == "boy" and response.answers["safe_to.be_myself"] == 4


def test_a_draft_is_not_on_the_code_and_cannot_be_read_from_the_database(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    token, _s = session_start(raw_code=code)
    draft_save(session_token=token, answers={"safe_to.be_myself": 5}, gender="girl")
    with board.tenant():
        draft = SurveyDraft.objects.get()
        session = SurveySession.objects.get()
        code_row = AccessCode.objects.get(used=True)
    assert {f.name for f in AccessCode._meta.concrete_fields} >= {"digest"} and not hasattr(code_row, "draft")
    assert {f.name for f in SurveyDraft._meta.concrete_fields} == {"id", "organisation", "key", "sealed", "expires_at"}
    # Nothing in the draft row names the code, the session, the class or the answers.
    for secret in (code, code_row.digest, session.token_digest, "girl", "safe_to", "be_myself"):
        assert secret not in draft.sealed and secret not in draft.key
    assert draft.key != session.token_digest


def test_incomplete_or_out_of_range_answers_store_nothing(board):
    _survey, _rc, (code, *_rest) = open_round(board)
    token, _s = session_start(raw_code=code)
    partial = dict(list(all_answers().items())[:10])
    with pytest.raises(ValidationError):
        response_submit(session_token=token, answers=partial)
    with pytest.raises(ValidationError):
        response_submit(session_token=token, answers={**all_answers(), "safe_to.be_myself": 6})
    with pytest.raises(ValidationError):
        response_submit(session_token=token, answers={**all_answers(), "not.an.item": 1})
    with board.tenant():
        assert Response.objects.count() == 0
        assert SurveySession.objects.count() == 1  # the student can still send


def test_unknown_expired_and_not_yet_open_codes_get_clear_messages(board):
    with pytest.raises(CodeProblem, match="kennen we niet"):
        session_start(raw_code="ABCD-EFGH-JKMN")
    now = timezone.now()
    _s, _rc, (early, *_r) = open_round(board, opens=now + dt.timedelta(days=1), closes=now + dt.timedelta(days=2))
    with pytest.raises(CodeProblem, match="nog niet open"):
        session_start(raw_code=early)
    _s, _rc, (late, *_r) = open_round(board, opens=now - dt.timedelta(days=2), closes=now - dt.timedelta(days=1))
    with pytest.raises(CodeProblem, match="gesloten"):
        session_start(raw_code=late)
    with pytest.raises(CodeProblem, match="opnieuw in"):
        response_submit(session_token="not-a-token", answers=all_answers())


def test_results_are_counted_only_when_released(board):
    survey, rc, codes = open_round(board, count=3)
    for value, code in zip((1, 3, 5), codes, strict=True):
        submit(code, all_answers(value), gender="girl")
    with board.tenant():
        assert not ResultCount.objects.exists() and not RespondentCount.objects.exists()
    assert close_and_release(survey) == 3
    with board.tenant():
        counts = ResultCount.objects.get(round_class=rc, gender="girl", item_key="safe_to.be_myself")
        respondents = RespondentCount.objects.get(round_class=rc, gender="girl")
        assert Response.objects.filter(released=True).count() == 3
    assert (counts.n, counts.total, counts.high) == (3, 9, 2)
    assert (respondents.n, respondents.bullied) == (3, 2)
    assert close_and_release(survey) == 0  # idempotent: nothing counted twice
    with board.tenant():
        assert RespondentCount.objects.get(round_class=rc, gender="girl").n == 3


def test_sending_takes_a_few_statements_whatever_the_round_holds(board, django_assert_max_num_queries):
    _survey, _rc, codes = open_round(board, count=3)
    submit(codes[0], all_answers(2), gender="girl")
    token, _s = session_start(raw_code=codes[1])
    # Session and draft read, session deleted, response inserted (plus transaction control).
    with django_assert_max_num_queries(8):
        response_submit(session_token=token, answers=all_answers(3), gender="boy")


def _xmins(table: str, where: str = "") -> set[str]:
    # The owner may read system columns; the application role may not (below).
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        try:
            cursor.execute(f"SELECT xmin::text FROM {table} {where}")  # noqa: S608 - fixed names
            return {row[0] for row in cursor.fetchall()}
        finally:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(settings.DATABASE_APP_ROLE)}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_no_transaction_writes_both_a_code_and_its_response(board):
    survey, _rc, codes = open_round(board, count=3)
    for code in codes:
        submit(code, all_answers(2))
    with tenant_context(board.organisation):
        # Right after sending: every used code and every response carry different row versions.
        assert _xmins("monitoring_accesscode", "WHERE used") and _xmins("monitoring_response")
        assert not _xmins("monitoring_accesscode", "WHERE used") & _xmins("monitoring_response")
    close_and_release(survey)
    with tenant_context(board.organisation):
        assert len(_xmins("monitoring_response")) == 1  # re-inserted together, shuffled
        assert not _xmins("monitoring_accesscode", "WHERE used") & _xmins("monitoring_response")


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["monitoring_accesscode", "monitoring_response", "monitoring_surveysession",
                                   "monitoring_surveydraft", "monitoring_staffcode", "monitoring_staffresponse"])
@pytest.mark.parametrize("column", ["xmin", "xmax", "ctid"])
def test_the_application_role_cannot_read_system_columns_of_survey_tables(board, table, column):
    from django.db import DatabaseError, transaction

    assert connection.vendor == "postgresql"
    with board.tenant(), connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == settings.DATABASE_APP_ROLE
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names: ordinary reads work
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
