"""Letters to parents: drafted from the case, edited, sent as PDF and recorded in the timeline.

Where the protocol says parents are informed (step 2 agreements, the second talk, a
suspension), ``letter_send`` records it through ``incidents.services.entry_record``, so the
protocol's rules apply (e.g. only management decides a suspension in writing).
"""
from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.audit import AuditContext, audit_log
from people.documents.models import DocumentJob
from people.documents.services import document_job_create
from people.models import AuditEvent, Organisation
from people.permissions import Permission, has_permission
from protocol import engine
from protocol import vocabulary as v
from protocol.definitions.common import CASE_WORKERS, MANAGEMENT
from protocol.selectors import definition_of

from .. import access
from ..documents import LETTER_PREVIEW, LETTER_SEND
from ..errors import ProtocolRefusal
from ..facts import case_facts, live_entries
from ..models import Case, Letter, LetterTemplate, Participant, TimelineEntry
from ..records import clean_attrs
from ..services import entry_record
from ..status import codes as status_codes
from ..status.services import status_code_for_letter
from ..vocab import lang
from . import defaults as d
from .compose import fill, placeholder_values, placeholders_in, template_for
from .pdf import render_letter_pdf

#: Who writes and sends letters to parents: those who walk the case, and management.
LETTER_WRITERS = frozenset(CASE_WORKERS | MANAGEMENT)

ALREADY_SENT = gettext_lazy("Deze brief is al verstuurd en kan niet meer worden gewijzigd of opnieuw verstuurd.")
NO_SUSPENSION = gettext_lazy(
    "Er is in deze zaak nog geen schorsing vastgelegd. Leg eerst de schorsing vast; daarna stelt u de brief op."
)


def can_write_letters(user, case: Case) -> bool:
    return bool(access.roles_on_case(user, case) & LETTER_WRITERS)


def can_edit_templates(user) -> bool:
    return has_permission(user, Permission.EDIT_LETTER_TEMPLATES)


def _check_writer(user, case: Case) -> None:
    if not can_write_letters(user, case):
        raise PermissionDenied(_("Alleen wie aan deze zaak werkt of de directie stelt brieven aan ouders op."))


def participant_for(case: Case, party: str) -> Participant:
    role = v.ParticipantRole.TARGET if party == v.InformedParty.TARGET_PARENTS else v.ParticipantRole.BULLY
    participant = (
        Participant.objects.for_organisation(case.organisation_id).filter(case=case, role=role, student__isnull=False)
        .select_related("student").order_by("id").first()
    )
    if participant is None:
        if role == v.ParticipantRole.TARGET:
            raise ValidationError({"party": _("In deze zaak staat geen gepeste leerling van school; aan wiens ouders gaat de brief?")})
        raise ValidationError({"party": _("In deze zaak staat geen pester die op deze school zit; aan wiens ouders gaat de brief?")})
    return participant


def suspension_for_letter(case: Case) -> TimelineEntry:
    """The suspension the letter announces: the latest one without a decision letter yet."""
    entries = live_entries(case)
    suspensions = [e for e in entries if e.kind == v.RecordKind.SUSPENSION]
    if not suspensions:
        raise ValidationError({"kind": NO_SUSPENSION})
    announced = {
        str(e.attrs.get(v.Attr.SUSPENSION)) for e in entries if e.kind == v.RecordKind.SUSPENSION_DECISION_LETTER
    }
    open_ = [e for e in suspensions if str(e.pk) not in announced]
    return (open_ or suspensions)[-1]


def _check_kind_and_party(kind: str, party: str) -> None:
    if kind not in d.PARTIES:
        raise ValidationError({"kind": _("Kies wat voor brief het is.")})
    if party not in d.PARTIES[kind]:
        raise ValidationError({"party": _("Deze brief gaat naar de ouders van de pester.")})


def letter_draft(*, case: Case, acting_user, kind: str, party: str, audit: AuditContext | None = None) -> Letter:
    """Draft a letter from the case: the organisation's template (or the shipped default),
    filled with the student's name, class, the agreements, the suspension and so on."""
    _check_writer(acting_user, case)
    _check_kind_and_party(kind, party)
    participant = participant_for(case, party)
    suspension = suspension_for_letter(case) if kind == d.SUSPENSION else None
    subject, body, _own = template_for(case.organisation_id, kind)
    values = placeholder_values(case=case, participant=participant, kind=kind, party=party, suspension_entry=suspension)
    with transaction.atomic():
        letter = Letter.objects.create(
            organisation_id=case.organisation_id, case=case, kind=kind, party=party, participant=participant,
            subject=fill(subject, values)[:200], body=fill(body, values), suspension_entry=suspension,
            created_by=acting_user,
        )
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=letter, audit=audit, case=case.pk, kind=kind)
    return letter


def letter_update(*, letter: Letter, acting_user, subject: str, body: str, audit: AuditContext | None = None) -> Letter:
    """Change the subject and text of a draft; a sent letter never changes."""
    _check_writer(acting_user, letter.case)
    subject, body = " ".join((subject or "").split()), (body or "").replace("\r\n", "\n").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Vul een onderwerp in.")
    elif len(subject) > 200:
        errors["subject"] = _("Het onderwerp is te lang (ten hoogste 200 tekens).")
    if not body:
        errors["body"] = _("De brief is leeg.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).update(subject=subject, body=body)
        if changed != 1:
            raise ValidationError(ALREADY_SENT)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=letter, audit=audit, case=letter.case_id)
    letter.subject, letter.body = subject, body
    return letter


def check_ready(letter: Letter) -> None:
    """What a letter must say before it goes out."""
    text = f"{letter.subject}\n{letter.body}"
    if d.FILL_IN in text:
        raise ValidationError(_("De brief bevat nog een deel dat u moet invullen (tussen [ en ]). Vul het in en sla de brief op."))
    if letter.kind == d.SUSPENSION and "bezwaar" not in letter.body.lower():
        raise ValidationError(_(
            "Een schorsingsbesluit vermeldt hoe leerling en ouders bezwaar kunnen maken. Zet de alinea over bezwaar terug in de brief."
        ))


def _check_sendable(letter: Letter, acting_user) -> None:
    _check_writer(acting_user, letter.case)
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(ALREADY_SENT)
    check_ready(letter)
    if letter.kind == d.SUSPENSION and letter.suspension_entry_id is None:
        raise ValidationError(NO_SUSPENSION)


def _timeline_record(letter: Letter) -> tuple[str, dict, str]:
    """The timeline entry a sent letter records: (kind, attributes, text with %(subject)s)."""
    if letter.kind == d.SUSPENSION:
        return (v.RecordKind.SUSPENSION_DECISION_LETTER,
                {v.Attr.SUSPENSION: str(letter.suspension_entry_id), "letter": letter.pk},
                _("Schriftelijk schorsingsbesluit verstuurd aan leerling en ouders: %(subject)s"))
    return (v.RecordKind.PARENTS_INFORMED, {v.Attr.PARTY: letter.party, "method": "brief", "letter": letter.pk},
            _("Brief verstuurd: %(subject)s"))


def _check_protocol(letter: Letter, acting_user) -> None:
    """The protocol's answer to the timeline entry the send will record, asked now (nothing
    is written), so a refusal shows on the letter's page at once; the job asks again
    under the case's lock (entry_record) in case the case moved on meanwhile."""
    case = letter.case
    kind, attrs, _text = _timeline_record(letter)
    definition = definition_of(case)
    facts = case_facts(case, definition, live_entries(case))
    roles = access.case_roles(acting_user, case)
    report = engine.can_record(definition, facts, kind, clean_attrs(kind, attrs), actor_roles=roles)
    if not report.allowed:
        raise ProtocolRefusal(report, lang())


def letter_send_queue(*, letter: Letter, acting_user, audit: AuditContext | None = None) -> DocumentJob:
    """Ask for a letter to be sent: what can be checked now is checked now (who sends, the
    text, the suspension), so the page answers at once; the sending itself - laying out
    the PDF, storing it, the timeline entry - is ``letter_send`` in the document job
    (incidents.documents), never in the web request. The protocol's own refusals, if
    any, appear on the job page."""
    _check_sendable(letter, acting_user)
    _check_protocol(letter, acting_user)
    with transaction.atomic():
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=letter, audit=audit,
                  case=letter.case_id, send_requested=True)
        return document_job_create(kind=LETTER_SEND, acting_user=acting_user, params={"letter_id": letter.pk},
                                   title=_("Brief versturen: %(subject)s") % {"subject": letter.subject})


def letter_preview_queue(*, letter: Letter, acting_user, audit: AuditContext | None = None) -> DocumentJob:
    """A draft as PDF marked CONCEPT, made by a document job (audited as a READ, as the
    preview always was; the download is an EXPORT)."""
    if letter.status != Letter.Status.DRAFT:
        raise ValidationError(ALREADY_SENT)
    with transaction.atomic():
        audit_log(action=AuditEvent.Action.READ, actor=acting_user, obj=letter, audit=audit,
                  case=letter.case_id, preview=True)
        return document_job_create(kind=LETTER_PREVIEW, acting_user=acting_user, params={"letter_id": letter.pk},
                                   title=_("Voorbeeld van de brief: %(subject)s") % {"subject": letter.subject})


def letter_send(*, letter: Letter, acting_user, audit: AuditContext | None = None) -> Letter:
    """Send a draft: keep it as PDF in the dossier and record in the timeline that the
    parents were informed (or, for a suspension, that the decision was given in writing).

    Steps: check; render the PDF; in one transaction claim the draft (a conditional
    update, so two clicks never send twice), record the timeline entry through the
    protocol, store the file. If anything is refused, nothing is sent and no file is kept."""
    case = letter.case
    _check_sendable(letter, acting_user)
    now = timezone.now()
    # Every parent letter carries a personal status code (incidents.status): made here,
    # printed once, only its keyed hash stored below with the letter.
    status_raw = status_codes.new_code() if letter.participant_id else ""
    pdf = render_letter_pdf(letter, sender=acting_user, sent_at=now,
                            status_code=status_codes.format_code(status_raw) if status_raw else "")
    stored_name = None
    try:
        with transaction.atomic():
            claimed = Letter.objects.filter(pk=letter.pk, status=Letter.Status.DRAFT).update(
                status=Letter.Status.SENT, sent_by=acting_user, sent_at=now
            )
            if claimed != 1:
                raise ValidationError(ALREADY_SENT)
            kind, attrs, text = _timeline_record(letter)
            entry_record(case=case, acting_user=acting_user, kind=kind, attrs=attrs,
                         text=text % {"subject": letter.subject}, occurred_at=now, audit=audit)
            letter.refresh_from_db()
            # A random name: the path tells nothing about the student or the case.
            letter.pdf.save(f"{letter.organisation_id}/{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
            stored_name = letter.pdf.name
            letter.save(update_fields=["pdf"])
            if status_raw:
                status_code_for_letter(letter=letter, acting_user=acting_user, raw=status_raw)
            audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=letter, audit=audit,
                      case=case.pk, sent=True)
    except BaseException:
        if stored_name:
            letter.pdf.storage.delete(stored_name)
        letter.refresh_from_db()
        raise
    return letter


# ------------------------------------------------------------------- organisation templates


def letter_template_save(*, organisation: Organisation, acting_user, kind: str, subject: str, body: str,
                         audit: AuditContext | None = None) -> LetterTemplate:
    """Save the organisation's own wording of one kind of letter."""
    if not can_edit_templates(acting_user) or acting_user.organisation_id != organisation.pk:
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie past de briefsjablonen aan."))
    if kind not in d.DEFAULTS:
        raise ValidationError({"kind": _("Onbekend soort brief.")})
    subject, body = " ".join((subject or "").split()), (body or "").replace("\r\n", "\n").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Vul een onderwerp in.")
    if not body:
        errors["body"] = _("Het sjabloon is leeg.")
    unknown = sorted(placeholders_in(f"{subject}\n{body}") - d.PLACEHOLDER_NAMES)
    if unknown:
        errors["body"] = _("Onbekende invulvelden: %(names)s. Kies uit de lijst met invulvelden.") % {
            "names": ", ".join(f"${name}" for name in unknown)
        }
    elif kind == d.SUSPENSION and "bezwaar" not in body.lower():
        errors["body"] = _("Een schorsingsbesluit vermeldt hoe leerling en ouders bezwaar kunnen maken; laat die alinea staan.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        template, created = LetterTemplate.objects.update_or_create(
            organisation=organisation, kind=kind, defaults={"subject": subject[:200], "body": body}
        )
        audit_log(action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE, actor=acting_user,
                  obj=template, audit=audit, kind=kind)
    return template


def letter_template_reset(*, organisation: Organisation, acting_user, kind: str, audit: AuditContext | None = None) -> None:
    """Go back to the shipped default wording."""
    if not can_edit_templates(acting_user) or acting_user.organisation_id != organisation.pk:
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie past de briefsjablonen aan."))
    with transaction.atomic():
        for template in LetterTemplate.objects.for_organisation(organisation.pk).filter(kind=kind):
            audit_log(action=AuditEvent.Action.DELETE, actor=acting_user, obj=template, audit=audit, kind=kind)
            template.delete()
