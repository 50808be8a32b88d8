"""Filling in the thermometer: starting with a code, and the one submission.

Two moments, two transactions, so that no transaction ever writes both a code and a
response (PostgreSQL stamps every row with the transaction that wrote it, ``xmin``):

1. ``session_start`` (the student types or scans the code): the code is claimed with a
   conditional UPDATE (used = false -> true; exactly one row must change) and a
   SurveySession is made: the hash of a random token, which the student's browser (a
   short-lived cookie) or API client holds instead of the code. Entering the same code
   again while it has a session continues with a fresh token (another device, a lost
   cookie); a code whose answers were sent has no session and is "used".
2. ``response_submit`` (the student sends): the session is deleted (exactly one row must
   go: of two simultaneous sends exactly one wins) and the Response is inserted, not yet
   counted (``released`` false). The code row is not touched.

Unsent answers are never stored on the server: the student's pages carry them from part
to part in the form itself (monitoring.views.student). Responses reach the counts the
dashboards read only through a release (monitoring.release), so results do not move per
submission.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.ids import parse_number
from people.tenancy import activate

from . import drafts
from .codes import CLOSED, USED_CODE, CodeProblem, code_lookup
from .instrument import load_instrument
from .models import AccessCode, Response, SurveyRound, SurveySession

#: Items whose answer of 3 or more counts as "reports being bullied" for the class signal:
#: section 5 "pesten" and every item of section 6 (seed 002 Bijlage 2).
BULLIED_ITEMS_SECTION = "targeted_for"
BULLIED_ITEM = "unsafe_acts.bullying"
HIGH = 3

#: How long a session token (the student's cookie) works after the student's last step:
#: a lesson's worth, so the next student at a shared computer does not find it.
SESSION_AGE = dt.timedelta(minutes=45)

GENDERS = ("boy", "girl", "other", "prefer_not_to_say")
INCOMPLETE = gettext_lazy("Nog niet alle vragen zijn beantwoord. Kies bij elke vraag een antwoord van 0 (nooit) tot 5 (altijd).")
SESSION_GONE = gettext_lazy("Je bent te lang weg geweest of je bent op een ander apparaat verdergegaan. Vul de code van je briefje opnieuw in.")


def instrument_of(survey: SurveyRound):
    return load_instrument(survey.instrument_key, survey.instrument_version)


def clean_answers(instrument, answers: dict, *, item_keys=None, complete: bool) -> dict[str, int]:
    """Validate answers (all items when ``complete``); raise ValidationError in plain Dutch."""
    wanted = list(item_keys if item_keys is not None else instrument.item_keys)
    cleaned: dict[str, int] = {}
    errors: dict[str, str] = {}
    known = set(instrument.item_keys)
    for key, value in (answers or {}).items():
        if key not in known:
            errors[key] = _("Deze vraag hoort niet bij de vragenlijst.")
            continue
        # Whole numbers only (a form's "3" or JSON's 3): never 2.7 rounded down or true as 1.
        number = parse_number(value.strip() if isinstance(value, str) else value, maximum=10**6)
        if number is None:  # ASCII digits only: "³".isdigit() is true, but int("³") fails
            errors[key] = _("Kies een antwoord van 0 tot 5.")
            continue
        if not instrument.scale.minimum <= number <= instrument.scale.maximum:
            errors[key] = _("Kies een antwoord van 0 tot 5.")
            continue
        cleaned[key] = number
    if complete:
        missing = [k for k in wanted if k not in cleaned and k not in errors]
        for key in missing:
            errors[key] = str(INCOMPLETE)
    if errors:
        raise ValidationError(errors)
    return cleaned


# ------------------------------------------------------------------ sessions


def _token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _split(token: str) -> tuple[str, str] | None:
    """``<organisation id>.<random secret>``: the organisation is needed before any
    tenant row can be read (row-level security); the secret is 256 random bits."""
    org, _dot, secret = (token or "").partition(".")
    if not secret or len(secret) > 100:
        return None
    try:
        return str(uuid.UUID(org)), secret
    except ValueError:
        return None


def session_start(*, raw_code: str, current_token: str | None = None,
                  now: dt.datetime | None = None) -> tuple[str, SurveySession]:
    """Start (or continue) filling in with a code: claim it, return the session token.

    The same code entered again on the device that holds its session (``current_token``)
    keeps that session and its draft; anywhere else the session gets a fresh token, so
    the old device's cookie stops working and its draft cannot be opened.
    Raises CodeProblem (unknown, used, revoked, not yet open, closed)."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        code = code_lookup(raw_code, now=now, allow_used=True)
        if code.used:
            session = SurveySession.objects.for_organisation(code.organisation_id).filter(code=code).first()
            if session is None:
                raise CodeProblem(USED_CODE)
            current = _split(current_token or "")
            if current and current[0] == str(code.organisation_id) and _token_digest(current[1]) == session.token_digest:
                secret = current[1]
            session.token_digest = _token_digest(secret)
            session.expires_at = now + SESSION_AGE
            session.save(update_fields=["token_digest", "expires_at"])
        else:
            # The claim: of two starts with one code, exactly one changes this row.
            if AccessCode.objects.filter(pk=code.pk, used=False, revoked=False).update(used=True) != 1:
                raise CodeProblem(USED_CODE)
            session = SurveySession.objects.create(
                organisation_id=code.organisation_id, code=code, token_digest=_token_digest(secret),
                expires_at=now + SESSION_AGE,
            )
    session.code = code
    return f"{code.organisation_id}.{secret}", session


def session_of(token: str, *, now: dt.datetime | None = None, for_update: bool = False) -> SurveySession:
    """The live session of a token, with its code, round and class (the organisation is
    activated: call inside a transaction). Raises CodeProblem when it is gone."""
    now = now or timezone.now()
    parts = _split(token)
    if parts is None:
        raise CodeProblem(SESSION_GONE)
    org_id, secret = parts
    activate(org_id)
    session = (
        SurveySession.objects.for_organisation(org_id)
        .select_related("code__round", "code__round_class")
        .filter(token_digest=_token_digest(secret), expires_at__gt=now)
        .first()
    )
    if session is None:
        raise CodeProblem(SESSION_GONE)
    if now >= session.code.round.closes_at:
        raise CodeProblem(CLOSED)
    return session


def secret_of(token: str) -> str:
    parts = _split(token)
    return parts[1] if parts else ""


# ------------------------------------------------------------------ drafts


def draft_save(*, session_token: str, answers: dict, gender: str | None = None,
               loaded: tuple[SurveySession, dict] | None = None) -> dict:
    """Keep the answers given so far, sealed with the session's secret (monitoring.drafts).

    ``loaded``: the session and draft this request already read with ``draft_of`` in the
    same (the request's) transaction, so they are not read a second time."""
    if not isinstance(answers, dict):
        raise drafts.bad_answers_shape()
    if gender and gender not in GENDERS:
        raise ValidationError({"gender": _("Kies een van de antwoorden.")})
    with transaction.atomic():
        secret = secret_of(session_token)
        if loaded is not None:
            session, draft = loaded[0], dict(loaded[1])
        else:
            session = session_of(session_token)
            draft = drafts.draft_load(organisation_id=session.organisation_id, secret=secret)
        cleaned = clean_answers(instrument_of(session.code.round), answers, complete=False)
        draft["answers"] = {**draft.get("answers", {}), **cleaned}
        if gender is not None:
            draft["gender"] = gender
        # Every step keeps the session alive for another SESSION_AGE (never the code row).
        expires = timezone.now() + SESSION_AGE
        SurveySession.objects.filter(pk=session.pk).update(expires_at=expires)
        drafts.draft_store(organisation_id=session.organisation_id, secret=secret, draft=draft, expires_at=expires)
        return draft


def draft_of(session_token: str) -> tuple[SurveySession, dict]:
    """The live session and its draft ({} when nothing was saved yet)."""
    with transaction.atomic():
        session = session_of(session_token)
        return session, drafts.draft_load(organisation_id=session.organisation_id, secret=secret_of(session_token))


# ------------------------------------------------------------------ the submission


def response_submit(*, session_token: str, answers: dict | None = None, gender: str | None = None,
                    class_name: str | None = None, loaded: tuple[SurveySession, dict] | None = None) -> None:
    """Store one complete, anonymous response for a session (its draft plus ``answers``);
    exactly once per code.

    ``class_name``, when a client sends it, must be the code's class (else nothing is stored).
    ``loaded``: the session and draft as this request just read or saved them in the same
    (the request's) transaction (the student's last page), so they are not read again."""
    if answers is not None and not isinstance(answers, dict):
        raise drafts.bad_answers_shape()
    with transaction.atomic():
        session = loaded[0] if loaded is not None else session_of(session_token)
        rc = session.code.round_class
        if class_name is not None and _squash(class_name) != _squash(rc.class_name):
            raise ValidationError({"class_name": _("Deze klas hoort niet bij deze code. Controleer je klas of je code.")})
        secret = secret_of(session_token)
        draft = (loaded[1] if loaded is not None
                 else drafts.draft_load(organisation_id=session.organisation_id, secret=secret))
        merged = {**draft.get("answers", {}), **(answers or {})}
        gender = draft.get("gender", "") if gender is None else gender
        if gender and gender not in GENDERS:
            raise ValidationError({"gender": _("Kies een van de antwoorden.")})
        cleaned = clean_answers(instrument_of(session.code.round), merged, complete=True)
        # The claim: of two submissions of one session, exactly one deletes this row. The
        # code row is not written here (it was, when the student started).
        if SurveySession.objects.filter(pk=session.pk).delete()[0] != 1:
            raise CodeProblem(USED_CODE)
        if draft:
            drafts.draft_forget(organisation_id=session.organisation_id, secret=secret)
        Response.objects.create(
            organisation_id=session.organisation_id, round_id=rc.round_id, round_class_id=rc.pk,
            branch_id=rc.branch_id, department_id=rc.department_id, gender=gender or "", answers=cleaned,
        )
        # Not counted here: the counts change only in releases (monitoring.release), and
        # no class signal is made here either (monitoring.tasks.check_class_signals).


def _squash(name: str) -> str:
    return "".join(str(name or "").split()).casefold()


def reports_bullying(instrument, answers: dict[str, int]) -> bool:
    section = instrument.section(BULLIED_ITEMS_SECTION)
    keys = [BULLIED_ITEM, *(item.key for item in section.items)]
    return any(answers.get(k, 0) >= HIGH for k in keys)


# ------------------------------------------------------------------ the rush: one round trip each
#
# A class of thirty starts and sends within minutes. The two functions below do the common
# case of session_start and response_submit in ONE round trip to PostgreSQL each: the
# tenant setting (set_config, local to the transaction) and the writes travel as one
# query string, which PostgreSQL runs as a single implicit transaction (autocommit), so
# there is no BEGIN/SAVEPOINT/COMMIT traffic and no ORM query building. Row-level
# security stays on: every statement after the set_config runs under the policies.
# Anything else — a code that is unknown, used, revoked or outside its window, a session
# that is gone, answers that are incomplete or odd, a class name to check, a gender
# to take from the draft, SQLite — returns None, and the caller runs the ordinary
# functions above, which give the precise Dutch message (and count a wrong code). The
# two transactions stay apart: the code row is written only at the start, the response
# only at the send (tests/monitoring/test_submission.py checks the row versions).

_FAST_START_SQL = """
SELECT set_config('app.organisation_id',
                  COALESCE((SELECT organisation_id::text FROM monitoring_codeindex
                            WHERE digest = ANY(%(digests)s) LIMIT 1), ''), true);
WITH claimed AS (
    UPDATE monitoring_accesscode AS a SET used = true
    FROM monitoring_surveyround AS r, monitoring_roundclass AS rc
    WHERE a.organisation_id = NULLIF(current_setting('app.organisation_id', true), '')::uuid
      AND a.digest = ANY(%(digests)s) AND NOT a.used AND NOT a.revoked
      AND r.id = a.round_id AND rc.id = a.round_class_id
      AND r.opens_at <= %(now)s AND r.closes_at > %(now)s
    RETURNING a.id, a.organisation_id, rc.class_name
), started AS (
    INSERT INTO monitoring_surveysession (organisation_id, code_id, token_digest, expires_at)
    SELECT organisation_id, id, %(token_digest)s, %(expires_at)s FROM claimed
    RETURNING code_id
)
SELECT claimed.organisation_id::text, claimed.class_name FROM claimed JOIN started ON started.code_id = claimed.id
"""

_FAST_SUBMIT_SQL = """
SELECT set_config('app.organisation_id', %(org)s, true);
WITH ended AS (
    DELETE FROM monitoring_surveysession AS s
    USING monitoring_accesscode AS c, monitoring_roundclass AS rc, monitoring_surveyround AS r
    WHERE s.organisation_id = %(org)s::uuid AND s.token_digest = %(token_digest)s AND s.expires_at > %(now)s
      AND c.id = s.code_id AND rc.id = c.round_class_id AND r.id = c.round_id AND r.closes_at > %(now)s
      AND r.instrument_key = %(instrument_key)s AND r.instrument_version = %(instrument_version)s
    RETURNING rc.id AS round_class_id, rc.round_id, rc.branch_id, rc.department_id
), stored AS (
    INSERT INTO monitoring_response (organisation_id, id, round_id, round_class_id, branch_id, department_id,
                                     gender, answers, released)
    SELECT %(org)s::uuid, %(id)s::uuid, round_id, round_class_id, branch_id, department_id, %(gender)s,
           %(answers)s::jsonb, false
    FROM ended
    RETURNING 1
), forgotten AS (
    DELETE FROM monitoring_surveydraft
    WHERE organisation_id = %(org)s::uuid AND key = %(draft_key)s AND EXISTS (SELECT 1 FROM stored)
)
SELECT count(*) FROM stored
"""


def _one_round_trip(sql: str, params: dict):
    """Run the statements as one implicit transaction; the last statement's first row."""
    from django.db import connection

    if connection.in_atomic_block:
        # Called inside a transaction (a test, a caller's atomic block): a savepoint keeps a
        # failure from breaking it, and the caller's tenant setting is put back afterwards.
        from people.tenancy import current_organisation_id

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            cursor.execute("SELECT set_config('app.organisation_id', %s, true)", [current_organisation_id() or ""])
        return row
    # Django's health check (CONN_HEALTH_CHECKS) would send "SELECT 1" first: a second
    # round trip per request. Here a dead connection shows itself on the statement
    # instead: then the connection is closed and None sends the request down the ordinary
    # path, which connects again and does the work (and says why, if it cannot).
    connection.health_check_done = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    except (OperationalError, InterfaceError):
        connection.close()
        return None


def _fast_path_available() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def session_start_fast(*, raw_code: str, now: dt.datetime | None = None) -> tuple[str, str, dt.datetime] | None:
    """The common start: an unused code of an open round claimed and its session made, in
    one round trip. Returns (token, class name, expiry), or None: then call session_start."""
    from .codes import CODE_LENGTH, digests, normalise

    if not _fast_path_available() or len(normalise(raw_code)) != CODE_LENGTH:
        return None
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    expires = now + SESSION_AGE
    row = _one_round_trip(_FAST_START_SQL, {
        "digests": digests(raw_code), "now": now, "token_digest": _token_digest(secret), "expires_at": expires,
    })
    if row is None:
        return None
    return f"{row[0]}.{secret}", row[1], expires


def complete_answers(instrument, answers) -> dict[str, int] | None:
    """All items answered with a whole number on the scale (JSON numbers), else None.

    Only the quick yes; anything else goes to clean_answers, which says what is wrong."""
    keys = instrument.item_keys
    if not isinstance(answers, dict) or len(answers) != len(keys):
        return None
    low, high = instrument.scale.minimum, instrument.scale.maximum
    cleaned = {}
    for key in keys:
        value = answers.get(key)
        if type(value) is not int or not low <= value <= high:  # not bool, not 2.0, not "3"
            return None
        cleaned[key] = value
    return cleaned


def response_submit_fast(*, session_token: str, answers, gender: str | None,
                         now: dt.datetime | None = None) -> bool:
    """The common send: a live session, every answer given, a known gender: the session
    deleted, the response inserted and the draft (if any) deleted, in one round trip.
    False when that is not the case (nothing was written): then call response_submit."""
    import json

    if not _fast_path_available() or gender is None or (gender and gender not in GENDERS):
        return False
    parts = _split(session_token)
    if parts is None:
        return False
    instrument = load_instrument()  # the round's instrument must be this one (in the SQL)
    cleaned = complete_answers(instrument, answers)
    if cleaned is None:
        return False
    org_id, secret = parts
    row = _one_round_trip(_FAST_SUBMIT_SQL, {
        "org": org_id, "token_digest": _token_digest(secret), "now": now or timezone.now(),
        "instrument_key": instrument.key, "instrument_version": instrument.version,
        "id": str(uuid.uuid4()), "gender": gender, "answers": json.dumps(cleaned),
        "draft_key": drafts.draft_key(secret),
    })
    return bool(row and row[0])
