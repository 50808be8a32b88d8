"""Staff monitor writes: a round with its one-time codes, and the anonymous submission.

The submission is the students' engine (monitoring.submission): the code is claimed with
a conditional UPDATE that must change exactly one row, the response is stored without
time, code or user, and the answers are added to the counters in the same transaction.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent
from people.permissions import Permission, branches_where

from ..codes import (
    UNKNOWN_CODE,
    USED_CODE,
    CodeProblem,
    code_index_lookup,
    digest,
    new_code,
    round_window_check,
)
from ..instrument import load_instrument
from ..models import CodeIndex
from ..submission import clean_answers
from .models import StaffCode, StaffResponse, StaffResultCount, StaffRound

STAFF_INSTRUMENT = "staff"
MAX_CODES = 300
HIGH = 3


def staff_branches_for(user):
    """Who runs the staff monitor and sees its results (RUN_STAFF_MONITOR)."""
    return branches_where(user, Permission.RUN_STAFF_MONITOR)


def staff_instrument(version: int = 1):
    return load_instrument(STAFF_INSTRUMENT, version)


def staff_round_create(*, organisation, acting_user, branch_id, name: str, opens_at: dt.datetime,
                       closes_at: dt.datetime, count: int, min_group_size: int = 10,
                       audit: AuditContext | None = None) -> tuple[StaffRound, list[str]]:
    """Open a staff round for one branch and make ``count`` codes (returned once, in plain text)."""
    org_id = getattr(organisation, "pk", organisation)
    branch = staff_branches_for(acting_user).filter(pk=branch_id).first()
    if branch is None or branch.organisation_id != org_id:
        raise PermissionDenied(_("Alleen de directie houdt een personeelspeiling, voor een eigen vestiging."))
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Geef de peiling een naam, bijvoorbeeld ‘Personeelsmonitor voorjaar 2027’.")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("De peiling moet sluiten na het moment waarop hij opent.")
    if not isinstance(min_group_size, int) or min_group_size < 5:
        errors["min_group_size"] = _("Groepen kleiner dan 5 zijn herkenbaar; kies 5 of meer (standaard 10).")
    if not isinstance(count, int) or not 1 <= count <= MAX_CODES:
        errors["count"] = _("Maak tussen 1 en %(max)s codes.") % {"max": MAX_CODES}
    if errors:
        raise ValidationError(errors)
    codes: list[str] = []
    with transaction.atomic():
        survey = StaffRound.objects.create(
            organisation_id=org_id, branch=branch, name=name.strip(), opens_at=opens_at, closes_at=closes_at,
            min_group_size=min_group_size, invited=count)
        while len(codes) < count:
            code = new_code()
            try:
                with transaction.atomic():
                    CodeIndex.objects.create(digest=digest(code), organisation_id=org_id)
                    StaffCode.objects.create(organisation_id=org_id, round=survey, digest=digest(code))
            except IntegrityError:  # pragma: no cover - a collision in a 59-bit space
                continue
            codes.append(code)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=survey, audit=audit, codes=count)
    return survey, codes


def staff_code_lookup(raw: str, *, now: dt.datetime | None = None) -> StaffCode:
    candidates, org = code_index_lookup(raw)
    code = StaffCode.objects.for_organisation(org).select_related("round").filter(digest__in=candidates).first()
    if code is None:
        raise CodeProblem(UNKNOWN_CODE)
    if code.used:
        raise CodeProblem(USED_CODE)
    round_window_check(code.round, now)
    return code


def staff_response_submit(*, raw_code: str, answers: dict) -> None:
    """Store one complete, anonymous staff response for a code; exactly once per code."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Stuur de antwoorden als een object.")})
    with transaction.atomic():
        code = staff_code_lookup(raw_code)
        instrument = staff_instrument(code.round.instrument_version)
        cleaned = clean_answers(instrument, answers, complete=True)
        if StaffCode.objects.filter(pk=code.pk, used=False).update(used=True) != 1:
            raise CodeProblem(USED_CODE)
        survey = code.round
        StaffResponse.objects.create(organisation_id=code.organisation_id, round=survey, branch_id=survey.branch_id,
                                     answers=cleaned)
        StaffResultCount.objects.bulk_create(
            [StaffResultCount(organisation_id=code.organisation_id, round=survey, item_key=k) for k in cleaned],
            ignore_conflicts=True)
        by_value: dict[int, list[str]] = {}
        for key, value in cleaned.items():
            by_value.setdefault(value, []).append(key)
        for value, keys in by_value.items():
            option = StaffResultCount.OPTION_FIELDS[value]
            StaffResultCount.objects.filter(round=survey, item_key__in=keys).update(
                n=F("n") + 1, total=F("total") + value, high=F("high") + (1 if value >= HIGH else 0),
                **{option: F(option) + 1})
