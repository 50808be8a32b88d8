"""Keep expected answers out of the error log.

Django logs every 4xx answer on ``django.request`` as a warning. A 409 is an expected
answer in this product, not a fault: a survey code used a second time (a student pressing
"send" twice, a replay), or a case step that someone else already took. Warnings about them
would drown the real ones, so they are not logged at all.
"""
from __future__ import annotations

import logging

EXPECTED_STATUS_CODES = frozenset({409})


class ExpectedClientErrorFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) not in EXPECTED_STATUS_CODES
