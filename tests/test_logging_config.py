"""The error log: an expected 409 (a used survey code, a step already taken) is not a warning."""
from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _logged(status: int) -> list[logging.LogRecord]:
    handler = _Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        request = HttpRequest()
        request.path = "/api/v1/thermometer/responses/"
        log_response("%s: %s", "Status", request.path, response=HttpResponse(status=status), request=request)
    finally:
        logger.removeHandler(handler)
    return handler.records


def test_a_conflict_is_not_logged():
    assert _logged(409) == []


def test_other_client_errors_are_still_warnings():
    records = _logged(400)
    assert [r.levelno for r in records] == [logging.WARNING]
    assert [r.levelno for r in _logged(404)] == [logging.WARNING]
