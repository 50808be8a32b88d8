"""Survey rounds and their one-time codes.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 59
bits: guessing one is hopeless, and the entry page is rate-limited as well. Only a keyed
hash (HMAC-SHA256) of each code is stored, so the database alone cannot reproduce the
printed slips; the codes exist in plain text once, in the slips handed to the class.
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people import access as people_access
from people import keys
from people.audit import audit_log
from people.documents.services import document_job_create
from people.models import AuditEvent, SchoolClass
from people.roles import Role
from people.tenancy import activate

from .documents import SURVEY_SLIPS
from .instrument import load_instrument
from .models import AccessCode, CodeIndex, RoundClass, SurveyRound

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_CODES_PER_CLASS = 60

#: Who opens rounds and prints codes.
ROUND_ROLES = frozenset({Role.COORDINATOR, Role.BRANCH_MANAGEMENT, Role.BOARD_COORDINATOR, Role.BOARD_MANAGEMENT})

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


def can_manage_rounds(user, branch=None) -> bool:
    return people_access.has_role(user, ROUND_ROLES, branch=branch)


def round_create(*, organisation, acting_user, name: str, opens_at: dt.datetime, closes_at: dt.datetime,
                 class_ids, min_group_size: int = 10, instrument_version: int = 1, request=None) -> SurveyRound:
    """Open a round for some classes (of one or several branches) with a window."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Geef de peiling een naam, bijvoorbeeld ‘Thermometer najaar 2026’.")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("De peiling moet sluiten na het moment waarop hij opent.")
    if min_group_size < 5:
        errors["min_group_size"] = _("Groepen kleiner dan 5 zijn herkenbaar; kies 5 of meer (standaard 10).")
    try:
        load_instrument(version=instrument_version)
    except Exception:  # noqa: BLE001 - an unknown version is a user error here
        errors["instrument_version"] = _("Deze versie van de vragenlijst bestaat niet.")
    org_id = getattr(organisation, "pk", organisation)
    classes = list(
        SchoolClass.objects.for_organisation(org_id).filter(pk__in=list(class_ids or [])).select_related("branch", "department")
    )
    if not classes or len(classes) != len(set(class_ids)):
        errors["classes"] = _("Kies de klassen die meedoen (alleen klassen van uw eigen organisatie).")
    if errors:
        raise ValidationError(errors)
    for branch_id in {c.branch_id for c in classes}:
        if not can_manage_rounds(acting_user, branch=branch_id):
            raise PermissionDenied(_("U kunt geen peiling openen voor een vestiging waar u geen coördinator of directie bent."))
    with transaction.atomic():
        survey = SurveyRound.objects.create(
            organisation_id=org_id, name=name.strip(), opens_at=opens_at, closes_at=closes_at,
            min_group_size=min_group_size, instrument_version=instrument_version, created_by=acting_user,
        )
        RoundClass.objects.bulk_create(
            RoundClass(organisation_id=org_id, round=survey, school_class=c, branch=c.branch, department=c.department,
                       class_name=c.name)
            for c in classes
        )
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=survey, request=request)
    return survey


def _check_issue(*, round_class: RoundClass, count: int, acting_user) -> None:
    if not can_manage_rounds(acting_user, branch=round_class.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie maakt codes."))
    if not 1 <= count <= MAX_CODES_PER_CLASS:
        raise ValidationError({"count": _("Maak tussen 1 en %(max)s codes per keer.") % {"max": MAX_CODES_PER_CLASS}})


def slips_queue(*, round_class: RoundClass, count: int, acting_user, base: str = "", request=None):
    """Ask for ``count`` codes with their slips as a PDF: checked now, made by a document
    job (monitoring.documents) that issues the codes and lays out the slips together, so
    no web request lays out a PDF and the codes never travel through the queue."""
    _check_issue(round_class=round_class, count=count, acting_user=acting_user)
    with transaction.atomic():
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=round_class, request=request,
                  codes_requested=count)
        return document_job_create(
            kind=SURVEY_SLIPS, acting_user=acting_user,
            params={"round_id": round_class.round_id, "round_class_id": round_class.pk, "count": count, "base": base},
            title=_("Codes voor klas %(name)s") % {"name": round_class.class_name},
        )


def codes_issue(*, round_class: RoundClass, count: int, acting_user, request=None) -> list[str]:
    """Issue ``count`` new codes for a class; returns them in plain text, once. Called by
    the slips' document job (monitoring.documents), which lays them out at once."""
    _check_issue(round_class=round_class, count=count, acting_user=acting_user)
    codes = []
    with transaction.atomic():
        for _n in range(count):
            for _attempt in range(5):
                code = new_code()
                key = digest(code)
                try:
                    with transaction.atomic():
                        CodeIndex.objects.create(digest=key, organisation_id=round_class.organisation_id)
                        AccessCode.objects.create(
                            organisation_id=round_class.organisation_id, round_id=round_class.round_id,
                            round_class=round_class, digest=key,
                        )
                    break
                except IntegrityError:
                    continue
            else:  # pragma: no cover - five collisions in a 59-bit space do not happen
                raise RuntimeError("could not draw an unused code")
            codes.append(code)
        # F(): two people printing slips for one class at once must both be counted.
        RoundClass.objects.filter(pk=round_class.pk).update(invited=F("invited") + count)
        round_class.refresh_from_db(fields=["invited"])
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=round_class, request=request, codes=count)
    return codes


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


def code_revoke(*, code: str, acting_user, survey_round: SurveyRound | None = None, request=None) -> None:
    """Withdraw an unused code (e.g. a lost slip), of the acting user's organisation only
    (and of ``survey_round`` when given)."""
    qs = AccessCode.objects.for_organisation(acting_user.organisation_id).select_related("round_class")
    if survey_round is not None:
        qs = qs.filter(round=survey_round)
    access_code = qs.filter(digest__in=digests(code)).first()
    if access_code is None:
        raise ValidationError({"code": UNKNOWN_CODE_STAFF})
    if not can_manage_rounds(acting_user, branch=access_code.round_class.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie trekt codes in."))
    if AccessCode.objects.filter(pk=access_code.pk, used=False).update(revoked=True) != 1:
        raise ValidationError({"code": _("Deze code is al gebruikt; een ingevulde vragenlijst blijft meetellen.")})
    audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=access_code.round_class, request=request, revoked=1)
