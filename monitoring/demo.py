"""A finished thermometer round for each demo board, so its dashboards and inspection
report show figures instead of "< 10" everywhere (issue 17, item 7).

Made the way real use makes one: the round is opened and codes are issued by the demo's
board coordinator (monitoring.codes), every student starts with a code and sends their
answers (monitoring.submission), and the closed round is released into the counts
(monitoring.release). Only the round's window is set afterwards: the students answer
"now" (the submission service works against the clock), and the window is then moved
back to the two autumn weeks in which the demo pretends the round ran, so the round is
closed and its results published.

The answers are fictional and deterministic (the board's own seed): most students feel
safe, a realistic minority (about one in eight) reports being bullied. The demo lists only
a handful of students per class; the round counts 15-22 respondents per class (the whole
class took part, not just the students the demo names), so classes, departments and
grades pass the suppression threshold (k = 10). Idempotent: a board that already has the
demo round gets nothing new.
"""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from people.demo.definition import CURRENT_YEAR
from people.models import Branch, SchoolClass, SchoolYear, User

from .instrument import load_instrument
from .instrument.schema import Direction
from .models import RoundClass, SurveyRound
from .release import round_release
from .services import codes_issue, round_create
from .submission import response_submit, session_start

DEMO_ROUND_NAME = "Thermometer najaar 2026"
INSTRUMENT_VERSION = 2
#: How many of the board's branches take part (the first ones of the demo definition):
#: two, so the board's side-by-side view compares something.
BRANCHES = 2
RESPONDENTS = (15, 22)
#: About one in eight students reports being bullied (in line with national monitors).
BULLIED_SHARE = 0.12
GENDERS = ("boy",) * 12 + ("girl",) * 12 + ("other", "prefer_not_to_say")


def _window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Two school weeks in October of the demo's current school year; a week back from
    today if those have not passed yet (the round must be closed to be published)."""
    tz = timezone.get_current_timezone()
    opens = dt.datetime(2026, 10, 5, 8, 30, tzinfo=tz)
    closes = dt.datetime(2026, 10, 16, 16, 0, tzinfo=tz)
    if closes >= now:
        closes = now - dt.timedelta(days=7)
        opens = closes - dt.timedelta(days=11)
    return opens, closes


def _answers(instrument, rng: random.Random, *, bullied: bool, mood: float) -> dict[str, int]:
    """One student's answers on the 0-5 scale. ``mood`` (0-1) is the class's climate."""
    answers: dict[str, int] = {}
    bullying_keys = set(instrument.bullying_item_keys)
    for section in instrument.sections:
        for item in section.items:
            spread = 0.9
            if section.direction is Direction.HIGHER_IS_SAFER:
                # Mostly "vaak"/"altijd"; a bullied student feels less safe.
                centre = (4.3 if not bullied else 2.6) - (1 - mood) * 0.8
            elif item.key in bullying_keys:
                # Being bullied (for who one is): "nooit" for most, often for the bullied.
                centre, spread = (3.4, 0.9) if item.key == "unsafe_acts.bullying" and bullied else (
                    (1.6, 1.0) if bullied else (-0.3 + (1 - mood) * 0.6, 0.6))
            else:
                centre = (0.3 if not bullied else 1.6) + (1 - mood) * 0.6
            answers[item.key] = max(0, min(5, round(rng.gauss(centre, spread))))
    if bullied and answers.get("unsafe_acts.bullying", 0) < 3:
        answers["unsafe_acts.bullying"] = 3
    return answers


def demo_thermometer_round(*, organisation, board) -> None:
    if SurveyRound.objects.for_organisation(organisation).filter(name=DEMO_ROUND_NAME).exists():
        return
    acting = User.objects.filter(email=f"board@{board.email_domain}", organisation=organisation).first()
    year = SchoolYear.objects.for_organisation(organisation).filter(name=CURRENT_YEAR.name).first()
    slugs = [b.slug for b in board.branches[:BRANCHES]]
    branch_order = {
        b.pk: slugs.index(b.slug) for b in Branch.objects.for_organisation(organisation).filter(slug__in=slugs)
    }
    if acting is None or year is None or not branch_order:
        return
    classes = sorted(
        SchoolClass.objects.for_organisation(organisation).filter(school_year=year, branch_id__in=branch_order),
        key=lambda c: (branch_order[c.branch_id], c.grade or 0, c.name),
    )
    if classes:
        finished_round(organisation=organisation, acting_user=acting, classes=classes, seed=board.seed)


def finished_round(*, organisation, acting_user, classes: list[SchoolClass], seed: int,
                   name: str = DEMO_ROUND_NAME) -> SurveyRound:
    """A closed, released round over ``classes`` with fictional answers (see the module
    docstring); ``acting_user`` opens it and issues the codes. Also used by tests that
    want a page with survey data on it."""
    now = timezone.now()
    opens, closes = _window(now)
    # Open until shortly after now while the students answer, then moved back (see above).
    survey = round_create(
        organisation=organisation, acting_user=acting_user, name=name, opens_at=opens,
        closes_at=now + dt.timedelta(hours=1), class_ids=[c.pk for c in classes],
        instrument_version=INSTRUMENT_VERSION,
    )
    instrument = load_instrument(version=INSTRUMENT_VERSION)
    rng = random.Random(seed)
    round_classes = {
        rc.school_class_id: rc for rc in RoundClass.objects.for_organisation(organisation).filter(round=survey)
    }
    for school_class in classes:
        respondents = rng.randint(*RESPONDENTS)
        # Every class its own climate: a few classes clearly less safe than the rest.
        mood = rng.choice((1.0, 1.0, 0.9, 0.8, 0.5))
        bullied_share = BULLIED_SHARE if mood >= 0.8 else BULLIED_SHARE * 2.5
        # One or two slips were lost or the student was absent: a few codes stay unused.
        codes = codes_issue(round_class=round_classes[school_class.pk], count=respondents + rng.randint(1, 3),
                            acting_user=acting_user)
        for code in codes[:respondents]:
            token, _session = session_start(raw_code=code)
            response_submit(
                session_token=token, gender=rng.choice(GENDERS),
                answers=_answers(instrument, rng, bullied=rng.random() < bullied_share, mood=mood),
            )
    SurveyRound.objects.filter(pk=survey.pk).update(closes_at=closes)
    survey.refresh_from_db()
    round_release(survey=survey)
    return survey
