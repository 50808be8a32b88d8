"""Writes of the thermometer's rounds: open a round, issue and revoke its codes.

Every write checks who may do it (monitoring.access) and leaves an audit row; answers
reach the counts through monitoring.submission and monitoring.release, not here.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.documents.services import document_job_create
from people.models import AuditEvent, SchoolClass

from .access import can_manage_rounds
from .codes import MAX_CODES_PER_CLASS, UNKNOWN_CODE_STAFF, digest, digests, new_code
from .documents import SURVEY_SLIPS
from .instrument import load_instrument
from .models import AccessCode, CodeIndex, RoundClass, SurveyRound
from .results_cache import bump_results_version


def round_create(*, organisation, acting_user, name: str, opens_at: dt.datetime, closes_at: dt.datetime,
                 class_ids, min_group_size: int = 10, instrument_version: int = 1, audit: AuditContext | None = None) -> SurveyRound:
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
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=survey, audit=audit)
    return survey


def _check_issue(*, round_class: RoundClass, count: int, acting_user) -> None:
    if not can_manage_rounds(acting_user, branch=round_class.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie maakt codes."))
    if not 1 <= count <= MAX_CODES_PER_CLASS:
        raise ValidationError({"count": _("Maak tussen 1 en %(max)s codes per keer.") % {"max": MAX_CODES_PER_CLASS}})


def slips_queue(*, round_class: RoundClass, count: int, acting_user, base: str = "", audit: AuditContext | None = None):
    """Ask for ``count`` codes with their slips as a PDF: checked now, made by a document
    job (monitoring.documents) that issues the codes and lays out the slips together, so
    no web request lays out a PDF and the codes never travel through the queue."""
    _check_issue(round_class=round_class, count=count, acting_user=acting_user)
    with transaction.atomic():
        # The same row as the API's codes_issue writes, with this request's address and
        # channel: the job that issues the codes acts for this request and writes none.
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=round_class, audit=audit, codes=count)
        return document_job_create(
            kind=SURVEY_SLIPS, acting_user=acting_user,
            params={"round_id": round_class.round_id, "round_class_id": round_class.pk, "count": count, "base": base},
            title=_("Codes voor klas %(name)s") % {"name": round_class.class_name},
        )


def codes_issue(*, round_class: RoundClass, count: int, acting_user, audit: AuditContext | None = None) -> list[str]:
    """Issue ``count`` new codes for a class; returns them in plain text, once (the API)."""
    with transaction.atomic():
        codes = codes_issue_for_queued_slips(round_class=round_class, count=count, acting_user=acting_user)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=round_class, audit=audit, codes=count)
    return codes


def codes_issue_for_queued_slips(*, round_class: RoundClass, count: int, acting_user) -> list[str]:
    """Issue the codes that ``slips_queue`` asked for and audited: called by the slips'
    document job (monitoring.documents), which lays them out at once. Writes no audit
    row of its own, so asking for codes is audited once, the same on page and API."""
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
        bump_results_version(round_class.organisation_id)  # "Uitgenodigd" on the dashboard
        round_class.refresh_from_db(fields=["invited"])
    return codes


def code_revoke(*, code: str, acting_user, survey_round: SurveyRound | None = None, audit: AuditContext | None = None) -> None:
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
    audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=access_code.round_class, audit=audit, revoked=1)
