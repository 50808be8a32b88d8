"""Recording what happens in a case: timeline entries, evidence, corrections, confidential notes."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from people.audit import AuditContext, audit_log
from people.models import AuditEvent
from people.roles import Role
from protocol import engine
from protocol import vocabulary as v
from protocol.selectors import definition_of

from .. import access
from ..errors import ADVISER_ONLY_NOTES, NOT_ON_CASE, ProtocolRefusal
from ..evidence import check_uploads
from ..facts import case_facts, live_entries
from ..followups import followups_sync
from ..models import Case, ConfidentialNote, Evidence, TimelineEntry
from ..records import TEXT_REQUIRED, clean_attrs
from ..vocab import lang


def entry_record(*, case: Case, acting_user, kind: str, attrs: dict | None = None, text: str = "",
                 occurred_at: dt.datetime | None = None, files=(), audit: AuditContext | None = None) -> TimelineEntry:
    """Add one entry to the timeline, if the case's protocol allows it now.

    Everything is checked before anything is written: the attributes, the files, the
    protocol's record rules (e.g. mediation only with the target's consent)."""
    if not access.can_record_on_case(acting_user, case, kind):
        if access.is_case_adviser(acting_user, case):
            raise PermissionDenied(ADVISER_ONLY_NOTES)
        raise PermissionDenied(NOT_ON_CASE)
    attrs = clean_attrs(kind, attrs)
    if occurred_at and occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("Dit moment ligt in de toekomst.")})
    if kind in TEXT_REQUIRED and not (text or "").strip():
        raise ValidationError({"text": str(TEXT_REQUIRED[kind])})
    checked = check_uploads(files)
    definition = definition_of(case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk, organisation_id=case.organisation_id)
        entries = live_entries(locked)
        _check_case_attrs(locked, kind, attrs, entries, occurred_at or timezone.now())
        # The protocol is checked as of the record's own day: a talk logged afterwards
        # counts on the day it was held (No Blame minimums, terms that had run).
        day = timezone.localtime(occurred_at).date() if occurred_at else None
        facts = case_facts(locked, definition, entries, today=day)
        roles = access.case_roles(acting_user, locked) or frozenset({Role.BOARD_COORDINATOR})  # an adviser's note
        report = engine.can_record(definition, facts, kind, attrs, actor_roles=roles)
        if not report.allowed:
            raise ProtocolRefusal(report, lang())
        entry = TimelineEntry.objects.create(
            organisation_id=locked.organisation_id, case=locked, kind=kind, step=locked.step, attrs=attrs,
            text=(text or "").strip(), occurred_at=occurred_at or timezone.now(), author=acting_user,
        )
        _store_evidence(entry, checked, acting_user)
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
        followups_sync(locked, acting_user=acting_user)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=entry, audit=audit, case=locked.pk, kind=kind)
    return entry


def _check_case_attrs(case: Case, kind: str, attrs: dict, entries, when) -> None:
    """Rules that need the case's people or dates, in plain Dutch, before anything is stored."""
    if kind == v.RecordKind.FOLLOW_UP and attrs.get(v.Attr.WITH) == v.ConversationWith.GROUP \
            and attrs.get(v.Attr.NO_BLAME) is True:
        # Bijlage 12: "Met ieder lid van de steun groep voer je een apart gesprek."
        member_id = attrs.get(v.Attr.MEMBER)
        members = {p.pk: p for p in case.participants.all() if p.role == v.ParticipantRole.SUPPORT_GROUP_MEMBER}
        if member_id is None:
            raise ValidationError({v.Attr.MEMBER.value: _(
                "De nabespreking met de steungroep is per lid apart (Bijlage 12): kies met welk lid.")})
        if member_id not in members:
            raise ValidationError({v.Attr.MEMBER.value: _("Kies een lid van de steungroep van deze zaak.")})
        started = [e.pk for e in entries if e.kind == v.RecordKind.INTERVENTION
                   and (e.attrs or {}).get(v.Attr.KIND) == v.InterventionKind.NO_BLAME]
        if started and any(
            e.pk > started[-1] and e.kind == v.RecordKind.FOLLOW_UP and (e.attrs or {}).get(v.Attr.MEMBER) == member_id
            for e in entries
        ):
            raise ValidationError({v.Attr.MEMBER.value: _(
                "Met dit lid is de nabespreking al vastgelegd.")})
    elif v.Attr.MEMBER.value in attrs:
        raise ValidationError({v.Attr.MEMBER.value: _(
            "Een steungroeplid kies je alleen bij een nabespreking No Blame met de steungroep.")})
    if kind == v.RecordKind.NON_CONTRACT:
        evaluation_on = dt.date.fromisoformat(attrs[v.Attr.EVALUATION_ON])
        if evaluation_on <= timezone.localtime(when).date():
            raise ValidationError({v.Attr.EVALUATION_ON.value: _(
                "De evaluatiedatum van het non-contract ligt na de dag waarop het is opgesteld.")})


def _store_evidence(entry: TimelineEntry, checked, acting_user) -> list[Evidence]:
    stored = []
    for item in checked:
        evidence = Evidence(
            organisation_id=entry.organisation_id, entry=entry, original_name=item.name,
            content_type=item.content_type, size=item.size, sha256=item.sha256, uploaded_by=acting_user,
        )
        evidence.file.save(item.name, item.upload, save=False)
        evidence.save()
        stored.append(evidence)
    return stored


def evidence_attach(*, entry: TimelineEntry, acting_user, files, audit: AuditContext | None = None) -> list[Evidence]:
    if not access.can_work_on_case(acting_user, entry.case):
        raise PermissionDenied(NOT_ON_CASE)
    checked = check_uploads(files)
    if not checked:
        raise ValidationError({"files": _("Kies ten minste één bestand.")})
    with transaction.atomic():
        stored = _store_evidence(entry, checked, acting_user)
        for evidence in stored:
            audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=evidence, audit=audit, case=entry.case_id)
    return stored


def entry_correct(*, entry: TimelineEntry, acting_user, text: str, attrs: dict | None = None, audit: AuditContext | None = None) -> TimelineEntry:
    """Correct an entry: a new entry replaces it in the protocol's eyes; both stay in the timeline."""
    if not access.can_work_on_case(acting_user, entry.case):
        raise PermissionDenied(NOT_ON_CASE)
    if entry.is_system:
        raise ValidationError(_("Een stapwijziging kan niet worden gecorrigeerd."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Beschrijf de correctie.")})
    attrs = clean_attrs(entry.kind, entry.attrs if attrs is None else attrs)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=entry.case_id, organisation_id=entry.organisation_id)
        if case.is_closed:
            raise ValidationError(_("De zaak is gesloten; heropen de zaak eerst."))
        locked = TimelineEntry.objects.select_for_update().get(pk=entry.pk)
        if TimelineEntry.objects.filter(corrects=locked).exists():
            raise ValidationError(_("Deze regel is al gecorrigeerd; corrigeer de nieuwste versie."))
        correction = TimelineEntry.objects.create(
            organisation_id=locked.organisation_id, case_id=locked.case_id, kind=locked.kind, step=locked.step,
            attrs=attrs, text=text.strip(), occurred_at=locked.occurred_at, author=acting_user, corrects=locked,
        )
        followups_sync(locked.case, acting_user=acting_user)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=locked, audit=audit, corrected_by=correction.pk)
    return correction


def confidential_note_add(*, case: Case, acting_user, text: str, audit: AuditContext | None = None) -> ConfidentialNote:
    """Only a confidential adviser of the case's branch writes these; only they can read them."""
    if not access.can_write_confidential_note(acting_user, case):
        raise PermissionDenied(_("Alleen de vertrouwenspersoon maakt vertrouwelijke notities."))
    if not (text or "").strip():
        raise ValidationError({"text": _("De notitie is leeg.")})
    with transaction.atomic():
        note = ConfidentialNote.objects.create(organisation_id=case.organisation_id, case=case, author=acting_user, text=text.strip())
        assign_perm("incidents.view_confidentialnote", acting_user, note)
        # The audit row names the note, never its content.
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=note, audit=audit)
    return note
