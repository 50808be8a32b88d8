"""Filling in the thermometer: drafts that survive a dropped connection, and the one submission.

``response_submit`` claims the code with a conditional UPDATE (used = false -> true) and
checks that exactly one row changed, so of two simultaneous submissions of one code
exactly one wins. In the same transaction it stores the Response (no time, no code, no
user; random key) and adds the answers to the pre-aggregated counts. The code row keeps
nothing but "used"; ``anonymity_sweep`` rewrites used code rows in bulk, so that not even
PostgreSQL's row versions (xmin) pair a code with the response made in its transaction.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.ids import parse_number

from .codes import USED_CODE, CodeProblem, code_lookup
from .instrument import load_instrument
from .models import AccessCode, RespondentCount, Response, ResultCount, SurveyRound

#: Items whose answer of 3 or more counts as "reports being bullied" for the class signal:
#: section 5 "pesten" and every item of section 6 (seed 002 Bijlage 2).
BULLIED_ITEMS_SECTION = "targeted_for"
BULLIED_ITEM = "unsafe_acts.bullying"
HIGH = 3
SWEEP_DAYS_AFTER_CLOSE = 14

GENDERS = ("boy", "girl", "other", "prefer_not_to_say")
INCOMPLETE = gettext_lazy("Nog niet alle vragen zijn beantwoord. Kies bij elke vraag een antwoord van 0 (nooit) tot 5 (altijd).")


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


def draft_save(*, raw_code: str, answers: dict, gender: str | None = None) -> dict:
    """Keep the answers given so far with the code, so the student can resume later."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Stuur de antwoorden als een lijst van vraag en antwoord (een object).")})
    with transaction.atomic():
        code = code_lookup(raw_code, for_update=True)
        instrument = instrument_of(code.round)
        cleaned = clean_answers(instrument, answers, complete=False)
        draft = dict(code.draft or {})
        draft_answers = dict(draft.get("answers", {}))
        draft_answers.update(cleaned)
        draft["answers"] = draft_answers
        if gender is not None:
            if gender and gender not in GENDERS:
                raise ValidationError({"gender": _("Kies een van de antwoorden.")})
            draft["gender"] = gender
        AccessCode.objects.filter(pk=code.pk, used=False).update(draft=draft)
        return draft


def draft_of(raw_code: str) -> dict:
    with transaction.atomic():
        code = code_lookup(raw_code)
        return dict(code.draft or {})


def response_submit(*, raw_code: str, answers: dict | None = None, gender: str | None = None,
                    class_name: str | None = None) -> None:
    """Store one complete, anonymous response for a code; exactly once per code.

    ``class_name``, when a client sends it, must be the code's class (else nothing is stored)."""
    if answers is not None and not isinstance(answers, dict):
        raise ValidationError({"answers": _("Stuur de antwoorden als een lijst van vraag en antwoord (een object).")})
    with transaction.atomic():
        code = code_lookup(raw_code)
        if class_name is not None and _squash(class_name) != _squash(code.round_class.class_name):
            raise ValidationError({"class_name": _("Deze klas hoort niet bij deze code. Controleer je klas of je code.")})
        draft = dict(code.draft or {})
        merged = {**draft.get("answers", {}), **(answers or {})}
        gender = draft.get("gender", "") if gender is None else gender
        if gender and gender not in GENDERS:
            raise ValidationError({"gender": _("Kies een van de antwoorden.")})
        instrument = instrument_of(code.round)
        cleaned = clean_answers(instrument, merged, complete=True)
        # The claim: of two submissions of one code, exactly one changes this row.
        if AccessCode.objects.filter(pk=code.pk, used=False, revoked=False).update(used=True, draft=None) != 1:
            raise CodeProblem(USED_CODE)
        rc = code.round_class
        Response.objects.create(
            organisation_id=code.organisation_id, round_id=code.round_id, round_class=rc, branch_id=rc.branch_id,
            department_id=rc.department_id, gender=gender or "", answers=cleaned,
        )
        _add_to_counts(code, cleaned, gender or "", instrument)
        # No class-signal check here: a signal made the moment a response is stored would
        # tell whoever sees its time that this student reported being bullied. A beat
        # task checks the classes in batches (monitoring.tasks.check_class_signals).


def _squash(name: str) -> str:
    return "".join(str(name or "").split()).casefold()


def reports_bullying(instrument, answers: dict[str, int]) -> bool:
    section = instrument.section(BULLIED_ITEMS_SECTION)
    keys = [BULLIED_ITEM, *(item.key for item in section.items)]
    return any(answers.get(k, 0) >= HIGH for k in keys)


def _counter(model, lookup: dict, defaults: dict):
    """The counter row for ``lookup``, created at zero when missing (race-safe)."""
    row = model.objects.filter(**lookup).only("pk").first()
    if row is None:
        try:
            with transaction.atomic():
                row = model.objects.create(**lookup, **defaults)
        except IntegrityError:
            row = model.objects.filter(**lookup).only("pk").get()
    return row.pk


def _add_to_counts(code: AccessCode, answers: dict[str, int], gender: str, instrument) -> None:
    org = code.organisation_id
    base = {"organisation_id": org, "round_class_id": code.round_class_id, "gender": gender}
    pk = _counter(RespondentCount, base, {"round_id": code.round_id})
    RespondentCount.objects.filter(pk=pk).update(
        n=F("n") + 1, bullied=F("bullied") + (1 if reports_bullying(instrument, answers) else 0)
    )
    existing = {
        r.item_key: r.pk
        for r in ResultCount.objects.filter(**base, item_key__in=list(answers)).only("pk", "item_key")
    }
    missing = [k for k in answers if k not in existing]
    if missing:
        ResultCount.objects.bulk_create(
            [ResultCount(**base, round_id=code.round_id, item_key=k) for k in missing], ignore_conflicts=True
        )
        existing = {
            r.item_key: r.pk
            for r in ResultCount.objects.filter(**base, item_key__in=list(answers)).only("pk", "item_key")
        }
    # One UPDATE per answer value (0..5) rather than one per item.
    by_value: dict[int, list[int]] = {}
    for key, value in answers.items():
        by_value.setdefault(value, []).append(existing[key])
    for value, pks in by_value.items():
        option = ResultCount.OPTION_FIELDS[value]
        ResultCount.objects.filter(pk__in=pks).update(
            n=F("n") + 1, total=F("total") + value, high=F("high") + (1 if value >= HIGH else 0),
            **{option: F(option) + 1},
        )


def anonymity_sweep(organisation_id, *, now=None) -> dict[str, int]:
    """Rewrite the used codes and the responses of recent rounds, each in one statement
    (run by beat every few minutes).

    Afterwards every used code of a round carries the same row version (PostgreSQL's
    xmin), and so does every response: the version no longer pairs a code with the
    response written in the same transaction. (The rows' physical order is not shuffled;
    reading it needs database-administrator access, which is outside what the
    application's role can do.)"""
    now = now or timezone.now()
    recent = now - dt.timedelta(days=SWEEP_DAYS_AFTER_CLOSE)
    codes = AccessCode.objects.for_organisation(organisation_id).filter(used=True, round__closes_at__gte=recent)
    responses = Response.objects.for_organisation(organisation_id).filter(round__closes_at__gte=recent)
    return {
        "codes": codes.update(used=True),
        "responses": responses.update(gender=F("gender")),
    }
