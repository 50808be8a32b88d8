"""Fuzzing the API from its own OpenAPI schema (schemathesis), in-process over WSGI.

For each role persona — mentor, teacher, coordinator, confidential adviser, branch
management, board coordinator — every operation of /api/schema/ gets a bounded number of
generated requests, authenticated with the persona's token. Every answer must be no 5xx
and must match the schema (status code documented, body of the documented shape).

CI runs ``PESTZAAK_FUZZ_EXAMPLES`` (default 5) examples per operation, derandomized (the
same examples every run). A larger run: see tests/README.md.
"""
from __future__ import annotations

import contextlib
import copy
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from people.roles import Role
from tests import factories as f
from tests.factories import api_key
from tests.incidents.helpers import open_case, record

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PESTZAAK_FUZZ_EXAMPLES", "5"))
SEED_RANDOMLY = os.environ.get("PESTZAAK_FUZZ_RANDOM", "") == "1"
PERSONAS = ("mentor", "teacher", "coordinator", "adviser", "management", "board_coordinator")
CHECKS = [not_a_server_error, response_schema_conformance]

_raw_schema: dict = {}


@contextlib.contextmanager
def keeping_the_test_connection():
    """The raw WSGI app would close the database connection after each request (Django's
    test client prevents that, and reconnects the handlers after each of its own requests):
    on PostgreSQL that would end the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(client):
    """The schema as the app serves it (generated once per session), run against the WSGI app."""
    if not _raw_schema:
        client.force_login(f.make_staff(Role.TEACHER, branch=f.BranchFactory()))  # the schema is for logged-in users
        response = client.get("/api/schema/", {"format": "json"})
        assert response.status_code == 200
        _raw_schema.update(response.json())
    schema = schemathesis.openapi.from_dict(_raw_schema)
    schema.app = get_wsgi_application()
    return schema


def _fuzz_operation(operation, headers) -> list[str]:
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, derandomize=not SEED_RANDOMLY, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        if failures:
            return  # one failure per operation is enough to report
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except BaseException as failure:  # schemathesis raises one group listing every failed check
            failures.append(f"{operation.label}: {str(failure)[:1500]}")

    run()
    return failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_answers_without_5xx_and_as_documented(board, api_schema, persona):
    # Something to find: a case with a timeline, so detail endpoints have real ids nearby.
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    user = getattr(board, persona)
    token = api_key(user)
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    count = 0
    with keeping_the_test_connection():
        for result in api_schema.get_all_operations():
            operation = result.ok()
            count += 1
            failures += _fuzz_operation(operation, headers)
    assert count >= 30, count
    assert not failures, f"{len(failures)} of {count} operations failed for {persona}:\n\n" + "\n\n".join(failures)


#: Path ids a probe sends (issue 11, item 11): Unicode digits ("³".isdigit() is true, but
#: int("³") raises), Arabic-Indic digits, zero, negative, beyond bigint, text.
ODD_PATH_IDS = ["³", "١٢", "0", "-1", "9" * 25, "abc", "1.5"]


def _schema_with_odd_path_ids() -> schemathesis.schemas.BaseSchema:
    """The served schema, with every path parameter drawn from ODD_PATH_IDS."""
    raw = copy.deepcopy(_raw_schema)
    for item in raw["paths"].values():
        groups = [item.get("parameters", [])]
        groups += [op.get("parameters", []) for op in item.values() if isinstance(op, dict)]
        for params in groups:
            for param in params:
                if param.get("in") == "path":
                    param["schema"] = {"type": "string", "enum": ODD_PATH_IDS}
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def _odd_operation(operation, headers) -> list[str]:
    failures: list[str] = []

    @settings(max_examples=len(ODD_PATH_IDS) * 2, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        if failures:
            return
        try:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])
        except BaseException as failure:
            failures.append(f"{operation.label}: {str(failure)[:800]}")

    run()
    return failures


@pytest.mark.parametrize("persona", ["coordinator", "board_coordinator"])
def test_odd_path_ids_never_give_a_5xx(board, api_schema, persona):
    token = api_key(getattr(board, persona))
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    count = 0
    odd = _schema_with_odd_path_ids()
    with keeping_the_test_connection():
        for result in odd.get_all_operations():
            operation = result.ok()
            if "{" not in operation.path:
                continue
            count += 1
            failures += _odd_operation(operation, headers)
    assert count >= 15, count
    assert not failures, "\n\n".join(failures)
