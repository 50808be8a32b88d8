"""The one-time codes of survey rounds: making, reading and checking them.

Issuing and revoking codes (writes) are in monitoring.services.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 59
bits: guessing one is hopeless, and the entry page is rate-limited as well. Only a keyed
hash (HMAC-SHA256) of each code is stored, so the database alone cannot reproduce the
printed slips; the codes exist in plain text once, in the slips handed to the class.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from people import keys
from people.tenancy import activate

from .models import AccessCode, CodeIndex

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_CODES_PER_CLASS = 60

UNKNOWN_CODE = gettext_lazy("Deze code kennen we niet. Controleer de letters en cijfers op je briefje en probeer het opnieuw.")
USED_CODE = gettext_lazy("Deze code is al gebruikt. Elke code werkt maar één keer. Vraag je mentor om een nieuwe code als je de vragenlijst nog niet hebt ingevuld.")
REVOKED_CODE = gettext_lazy("Deze code is ingetrokken. Vraag je mentor om een nieuwe code.")
NOT_YET_OPEN = gettext_lazy("De vragenlijst is nog niet open. Hij opent op %(opens)s.")
UNKNOWN_CODE_STAFF = gettext_lazy("Deze code hoort niet bij deze peiling. Controleer de letters en cijfers.")
CLOSED = gettext_lazy("De vragenlijst is gesloten. Je kunt hem niet meer invullen.")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def digest(code: str) -> str:
    """The digest stored with a new code: the newest key of the survey-code ring."""
    return keys.digest(keys.SURVEY_CODES, normalise(code).encode())


def digests(code: str) -> list[str]:
    """Every digest a code may be stored under: slips printed under an older key keep
    working while that key stays on the ring (people.keys)."""
    return keys.digests(keys.SURVEY_CODES, normalise(code).encode())


@dataclass
class CodeProblem(Exception):
    message: str

    def __str__(self) -> str:
        return str(self.message)


def code_index_lookup(raw: str) -> tuple[list[str], object]:
    """The digests a typed code may be stored under, and the organisation the code index
    names for it, activated (row-level security needs it before any tenant row is read).
    Shared by the students' and the staff's codes: both are in the one code index."""
    if len(normalise(raw)) != CODE_LENGTH:
        raise CodeProblem(UNKNOWN_CODE)
    candidates = digests(raw)
    index = CodeIndex.objects.filter(digest__in=candidates).values_list("organisation_id", flat=True).first()
    if index is None:
        raise CodeProblem(UNKNOWN_CODE)
    activate(index)
    return candidates, index


def round_window_check(survey_round, now: dt.datetime | None = None) -> None:
    """A code works only between its round's opening and closing (students and staff)."""
    now = now or timezone.now()
    if now < survey_round.opens_at:
        raise CodeProblem(NOT_YET_OPEN % {"opens": timezone.localtime(survey_round.opens_at).strftime("%d-%m-%Y %H:%M")})
    if now >= survey_round.closes_at:
        raise CodeProblem(CLOSED)


def code_lookup(raw: str, *, now: dt.datetime | None = None, for_update: bool = False,
                allow_used: bool = False) -> AccessCode:
    """Find a usable code and activate its organisation (call inside a transaction).

    Raises CodeProblem with a message for the student (unknown, used, revoked, not yet
    open, closed). ``allow_used``: a used code is returned too (a student continuing;
    monitoring.submission.session_start decides)."""
    candidates, index = code_index_lookup(raw)
    qs = AccessCode.objects.for_organisation(index).select_related("round", "round_class")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    code = qs.filter(digest__in=candidates).first()
    if code is None:
        raise CodeProblem(UNKNOWN_CODE)
    if code.used and not allow_used:
        raise CodeProblem(USED_CODE)
    if code.revoked:
        raise CodeProblem(REVOKED_CODE)
    round_window_check(code.round, now)
    return code
