"""Keep survey codes out of every log line.

A code in a log line next to a time would undo the anonymity the response rows keep. The
survey's own URLs never carry a code in the path; the QR link carries one in the query
string (``/thermometer/?code=…``) and is answered with a redirect at once. This filter
scrubs what a log record could still carry:

* the query string of any path that mentions ``thermometer`` (request lines, "Not Found"
  lines, referers);
* any ``code=…`` parameter, wherever it appears;
* anything shaped like a code (12 characters of the code alphabet, with or without dashes).

It is attached to the console handler in config/settings.py (so it sees records of every
logger) and to gunicorn's handlers in config/gunicorn.conf.py, whose access-log format
leaves out the query string and the referer in the first place.
"""
from __future__ import annotations

import logging
import re

REDACTED = "[verwijderd]"
_ALPHABET = "A-HJ-NP-Za-hj-np-z2-9"  # monitoring.codes.ALPHABET, either case
_THERMO_QUERY = re.compile(r"(/[^\s\"'?]*thermometer[^\s\"'?]*)\?[^\s\"']*", re.IGNORECASE)
_CODE_PARAM = re.compile(r"(\bcode=)[^&\s\"']*", re.IGNORECASE)
_CODE_SHAPE = re.compile(
    rf"(?<![A-Za-z0-9])(?:[{_ALPHABET}]{{4}}[-\s]?[{_ALPHABET}]{{4}}[-\s]?[{_ALPHABET}]{{4}})(?![A-Za-z0-9])"
)


def scrub(text: str) -> str:
    text = _THERMO_QUERY.sub(r"\1", text)
    text = _CODE_PARAM.sub(rf"\1{REDACTED}", text)
    return _CODE_SHAPE.sub(lambda m: REDACTED if _looks_like_code(m.group(0)) else m.group(0), text)


def _looks_like_code(candidate: str) -> bool:
    # Plain words of 12 letters ("verwijderden") are not codes: a code mixes in digits or
    # is written in capitals, as on the slips.
    bare = re.sub(r"[-\s]", "", candidate)
    return any(ch.isdigit() for ch in bare) or bare.isupper()


class SurveyCodeFilter(logging.Filter):
    """Rewrites the record's message (never drops the record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record: leave it to the formatter
            return True
        cleaned = scrub(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        # Gunicorn's access logger formats from these attributes as well.
        for attr in ("request_line", "path"):
            value = getattr(record, attr, None)
            if isinstance(value, str):
                setattr(record, attr, scrub(value))
        return True
