"""Issuing and revoking status codes (staff), and reading one (the public page).

Who may see where a case stands (AVG): the parents with parental authority while the
student is under 16; from 16 the student themself (a code of their own, issued by the
school). A parents' code stops working on the student's 16th birthday.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.audit import AuditContext, audit_log
from people.models import AuditEvent

from .. import access
from ..models import Case, Letter, Participant, StatusCode
from . import codes

AGE_OF_CONSENT = 16
NOT_16 = gettext_lazy("Een eigen code krijgt een leerling pas vanaf 16 jaar; tot die tijd krijgen de ouders de code.")
NO_BIRTH_DATE = gettext_lazy("De geboortedatum van deze leerling is niet bekend; vul die eerst in bij de leerling.")
MAY_NOT = gettext_lazy("Alleen wie aan de zaak werkt, geeft statuscodes uit of trekt ze in.")


def age_on(birth: dt.date | None, day: dt.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _store(*, case: Case, participant: Participant, holder: str, acting_user, letter: Letter | None,
           raw: str) -> StatusCode:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return StatusCode.objects.create(
                    organisation_id=case.organisation_id, case=case, participant=participant, holder=holder,
                    letter=letter, code_digest=codes.digest(raw), created_by=acting_user,
                )
        except IntegrityError:  # pragma: no cover - a 59-bit collision
            raw = codes.new_code()
    raise RuntimeError("no free status code")  # pragma: no cover


def status_code_for_letter(*, letter: Letter, acting_user, raw: str) -> StatusCode | None:
    """The parents' code printed on a letter (called inside letter_send's transaction)."""
    if not letter.participant_id or not letter.participant.student_id:
        return None
    code = _store(case=letter.case, participant=letter.participant, holder=StatusCode.Holder.PARENTS,
                  acting_user=acting_user, letter=letter, raw=raw)
    audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=code, case=letter.case_id, letter=letter.pk)
    return code


def status_code_issue_to_student(*, case: Case, participant: Participant, acting_user, audit: AuditContext | None = None) -> str:
    """A code of the student's own (16 or older). Returns the code, shown once."""
    if not access.can_work_on_case(acting_user, case):
        raise PermissionDenied(str(MAY_NOT))
    if participant.case_id != case.pk or not participant.student_id:
        raise ValidationError(_("Kies een leerling uit deze zaak."))
    age = age_on(participant.student.date_of_birth, timezone.localdate())
    if age is None:
        raise ValidationError(str(NO_BIRTH_DATE))
    if age < AGE_OF_CONSENT:
        raise ValidationError(str(NOT_16))
    raw = codes.new_code()
    with transaction.atomic():
        code = _store(case=case, participant=participant, holder=StatusCode.Holder.STUDENT, acting_user=acting_user,
                      letter=None, raw=raw)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=code, audit=audit, case=case.pk)
    return raw


def status_code_revoke(*, code: StatusCode, acting_user, audit: AuditContext | None = None) -> StatusCode:
    if not access.can_work_on_case(acting_user, code.case):
        raise PermissionDenied(str(MAY_NOT))
    with transaction.atomic():
        changed = StatusCode.objects.filter(pk=code.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=acting_user)
        if changed != 1:
            raise ValidationError(_("Deze code was al ingetrokken."))
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=code, audit=audit, revoked=True)
    code.refresh_from_db()
    return code


def codes_of(case: Case):
    return (StatusCode.objects.for_organisation(case.organisation_id).filter(case=case)
            .select_related("participant__student", "letter", "created_by", "revoked_by").order_by("-created_at", "-id"))
