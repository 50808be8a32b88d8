"""The case page: header, participants, the step's actions, terms, timeline, the record
area, the next-step panel and (for the confidential adviser only) confidential notes."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import access, recording, selectors, services
from incidents.errors import (
    ADVISER_NO_MOVES,
    ADVISER_ONLY_NOTES,
    NOT_ON_CASE,
    ProtocolRefusal,
    TransitionConflict,
)
from incidents.facts import case_facts, support_group
from incidents.forms import (
    ConfidentialNoteForm,
    EntryForm,
    KindForm,
    ParticipantForm,
    TransitionForm,
    add_service_errors,
    entry_summary,
    recordable_kinds,
    search_students,
)
from incidents.models import TimelineEntry
from people import access as people_access
from people.audit import audit_context
from people.ids import parse_id
from protocol import vocabulary as v
from protocol.calendars import calendar_label
from protocol.guides import guides_for
from protocol.selectors import definition_of

from ..vocab import label, lang
from .common import error_messages, is_case_worker, step_label

STEP_CHANGE = TimelineEntry.STEP_CHANGE


@dataclass
class TimelineItem:
    entry: object
    kind_label: str
    summary: list[tuple[str, str]]
    step_label: str
    evidence: list
    corrections: list[TimelineItem] = field(default_factory=list)
    is_step_change: bool = False
    from_label: str = ""
    to_label: str = ""
    reason: str = ""
    #: What the step change meant (protocol.vocabulary.TransitionOutcome), labelled.
    outcome_label: str = ""


@dataclass
class Suspension:
    pk: int
    label: str


def _kind_label(kind: str) -> str:
    return label(v.RecordKind, kind)


def _timeline(view) -> list[TimelineItem]:
    """Entries in order; a corrected entry keeps its place, with its correction(s) under it."""
    definition = view.definition
    language = lang()

    def step_name(key):
        try:
            step = definition.step(key)
        except KeyError:
            return key
        return f"{step.number}. {step.label.get(language)}" if step.number else step.label.get(language)

    def item(entry) -> TimelineItem:
        if entry.kind == STEP_CHANGE:
            attrs = entry.attrs or {}
            return TimelineItem(
                entry=entry, kind_label=_("Stap gewijzigd"), summary=[], step_label=step_name(entry.step),
                evidence=[], is_step_change=True, from_label=step_name(entry.from_step),
                to_label=step_name(entry.step), reason=str(attrs.get("reason", "")),
                outcome_label=label(v.TransitionOutcome, entry.outcome),
            )
        return TimelineItem(
            entry=entry, kind_label=_kind_label(entry.kind), summary=entry_summary(entry),
            step_label=step_name(entry.step), evidence=list(entry.evidence.all()),
        )

    correction_of = {e.corrects_id: e for e in view.entries if e.corrects_id}
    items = []
    for entry in view.entries:
        if entry.corrects_id:
            continue
        shown = item(entry)
        current = entry
        while current.pk in correction_of:
            current = correction_of[current.pk]
            shown.corrections.append(item(current))
        items.append(shown)
    return items


def _suspensions(view) -> list[Suspension]:
    corrected = {e.corrects_id for e in view.entries if e.corrects_id}
    result = []
    for entry in view.entries:
        if entry.kind == v.RecordKind.SUSPENSION and entry.pk not in corrected:
            days = (entry.attrs or {}).get(v.Attr.SCHOOL_DAYS, "?")
            result.append(Suspension(entry.pk, _("Schorsing van %(date)s, %(days)s schooldag(en)") % {
                "date": entry.occurred_at.strftime("%d-%m-%Y"), "days": days}))
    return result


def _letter_url(case, user) -> str | None:
    # Only for who may write letters (the confidential adviser may not: no button that gives 403).
    from incidents.letters.services import can_write_letters

    if not can_write_letters(user, case):
        return None
    try:
        return reverse("incidents:letter_new", args=[case.pk])
    except NoReverseMatch:
        return None


def _record_context(request, case, view, entry_form, *, advice_only: bool = False) -> dict:
    """The record area: checklist, kind list (asked first, the rest under "Overig"), the
    chosen kind's form pre-filled from the link (kind, party, step) and what the protocol
    already refuses before anything is typed (incidents.recording)."""
    user = request.user
    corrected = {e.corrects_id for e in view.entries if e.corrects_id}
    live = [e for e in sorted(view.entries, key=lambda e: e.pk) if not e.is_system and e.pk not in corrected]
    facts = case_facts(case, view.definition, live)
    roles = access.roles_on_case(user, case)
    kinds = recordable_kinds(view.definition, case.step)
    if advice_only:  # the board coordinator in an advisory role adds advice, nothing else
        roles = frozenset({v.StaffRole.BOARD_COORDINATOR})
        kinds = [(k, text) for k, text in kinds if k in access.ADVICE_KINDS]
    asked, other = recording.offered_kinds(view.definition, facts, roles, kinds)
    offered = {k for k, _label in asked + other}
    kind = entry_form.record_kind if entry_form is not None else request.GET.get("soort", "")
    if kind not in offered:
        kind = ""
    prefill = {}
    if kind:
        prefill = {key[5:]: value for key, value in request.GET.items() if key.startswith("attr_") and len(value) < 100}
    if entry_form is None and kind:
        members = [p for p in view.participants if p.role == v.ParticipantRole.SUPPORT_GROUP_MEMBER]
        entry_form = EntryForm(kind=kind, suspensions=_suspensions(view), members=members,
                               initial={f"attr_{k}": v for k, v in prefill.items()})
        prefill = {k: v for k, v in prefill.items() if k in entry_form.attr_names}
    choices = [("", _("— kies —"))]
    if asked:
        choices.append((_("Gevraagd in deze stap"), asked))
    if other:
        choices.append((_("Overig"), other) if asked else (_("Alle soorten"), other))
    return {
        "checklist": recording.checklist(view.definition, facts, roles),
        "kind_form": KindForm(initial={"soort": kind}, kinds=choices),
        "kind": kind,
        "kind_label": _kind_label(kind) if kind else "",
        "entry_form": entry_form,
        "known_refusal": recording.known_refusals(view.definition, facts, roles, kind, prefill) if kind else [],
        # Bijlage 12: 6-8 students, half bullies/followers; shown when recording an intervention.
        "support_group": support_group(case) if kind == v.RecordKind.INTERVENTION else None,
    }


def _render_case(request, case, *, entry_form=None, refusal=None, participant_form=None, note_form=None, status=200):
    user = request.user
    view = selectors.case_view(case, user, audit=audit_context(request))
    worker = is_case_worker(user, case)
    adviser = not worker and access.is_case_adviser(user, case)
    record = _record_context(request, case, view, entry_form, advice_only=adviser) if (worker or adviser) else {}
    entry_form = record.get("entry_form")
    kind = record.get("kind", "")
    # The guides of the case's own protocol, numbered as in its board's document.
    guides = guides_for(case.protocol_key, kind, lang(), version=case.protocol_version) if kind else []
    if request.GET.get("deel") == "vastleggen" and (worker or adviser):
        # The record area alone, for static/js/record.js (no page reload); the same
        # template the page includes, so without JavaScript nothing is different.
        return render(request, "incidents/_record_area.html", {
            "case": case, **record, "refusal": refusal or [],
            "guides": guides})
    participant_search = request.GET.get("deelnemer", "").strip()
    if participant_form is None and worker:
        found = []
        if participant_search:
            found = list(search_students(selectors.participant_candidates(user, case), participant_search)[:20])
        participant_form = ParticipantForm(students=found)
    can_note = access.can_write_confidential_note(user, case)
    notes = list(access.confidential_notes_for(user, case)) if can_note else []
    next_steps = [
        {"step": step, "form": TransitionForm(initial={"transition": step.key, "expected_step": case.step})}
        for step in view.next_steps
    ]
    context = {
        "case": case,
        "view": view,
        "protocol_name": view.definition.name.get(lang()),
        "timeline": _timeline(view),
        **record,
        "refusal": refusal or [],
        "guides": guides,
        "next_steps": next_steps,
        "is_worker": worker or adviser,
        "is_adviser": adviser,
        "can_share": access.can_share_case(user, case),
        "calendar_label": calendar_label(case.organisation_id, case.branch_id, lang()),
        "participant_form": participant_form if worker else None,
        "participant_search": participant_search,
        "can_note": can_note,
        "notes": notes,
        "note_form": (note_form or ConfidentialNoteForm()) if can_note else None,
        "letter_url": _letter_url(case, user),
        # Forms of bullying that may be criminal offences: the page asks to confirm the flag.
        "criminal_suggestion": services.criminal_forms(case.forms) if not case.criminal_offence else [],
        "can_flag_criminal": worker and not case.is_closed,
        # Student links only where the student's page opens (no link that gives 404).
        "visible_student_ids": set(people_access.students_for(user).filter(
            pk__in=[p.student_id for p in view.participants if p.student_id]).values_list("pk", flat=True)),
    }
    return render(request, "incidents/case_detail.html", context, status=status)


@login_required
def case_detail(request, case_id: int):
    case = access.get_case_for_user(request.user, case_id)
    return _render_case(request, case)


def _to_case(case, anchor: str = ""):
    return redirect(reverse("incidents:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def entry_add(request, case_id: int):
    """Record one entry (with evidence files). Nothing is stored unless all of it is right."""
    user = request.user
    case = access.get_case_for_user(user, case_id)
    kind = request.POST.get("kind", "")
    if not access.can_record_on_case(user, case, kind or "note"):
        raise PermissionDenied(ADVISER_ONLY_NOTES if access.is_case_adviser(user, case) else NOT_ON_CASE)
    view_definition = definition_of(case)
    if kind not in {k for k, _label in recordable_kinds(view_definition, case.step)}:
        messages.error(request, _("Kies eerst wat u wilt vastleggen."))
        return _to_case(case, "vastleggen")
    suspensions = _suspensions(_EntriesOnly(selectors.live_entries_of(case)))
    members = case.participants.filter(role=v.ParticipantRole.SUPPORT_GROUP_MEMBER).select_related("student")
    form = EntryForm(request.POST, request.FILES, kind=kind, suspensions=suspensions, members=members)
    if form.is_valid():
        try:
            services.entry_record(
                case=case, acting_user=user, kind=kind, attrs=form.attrs(), text=form.cleaned_data["text"],
                occurred_at=form.cleaned_data["occurred_at"], files=form.cleaned_data["files"], audit=audit_context(request),
            )
        except ValidationError as error:
            add_service_errors(form, error, EntryForm.field_map())
        except ProtocolRefusal as refused:
            return _render_case(request, case, entry_form=form, refusal=refused.messages)
        else:
            messages.success(request, _("Vastgelegd: %(kind)s.") % {"kind": _kind_label(kind)})
            return _to_case(case, "tijdlijn")
    return _render_case(request, case, entry_form=form)


@dataclass
class _EntriesOnly:
    entries: list


@login_required
@require_POST
def case_transition(request, case_id: int):
    """Take a step of the protocol. The form carries the step the user saw (expected_step)."""
    user = request.user
    case = access.get_case_for_user(user, case_id)
    if not is_case_worker(user, case):
        raise PermissionDenied(ADVISER_NO_MOVES if access.is_case_adviser(user, case) else NOT_ON_CASE)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een stap."))
        return _to_case(case, "volgende-stap")
    params = {"reason": form.cleaned_data["reason"]} if form.cleaned_data.get("reason", "").strip() else {}
    try:
        case = services.case_transition(
            case=case, acting_user=user, transition_key=form.cleaned_data["transition"],
            expected_step=form.cleaned_data["expected_step"], params=params, audit=audit_context(request),
        )
    except TransitionConflict as conflict:
        messages.error(request, conflict.message)
    except ProtocolRefusal as refused:
        messages.error(request, _("Deze stap kan nog niet:"))
        for message in refused.messages:
            messages.error(request, message)
    except ValidationError as error:
        error_messages(request, error)
    else:
        number, text = step_label(case)
        messages.success(request, _("De zaak staat nu op: %(step)s.") % {"step": f"{number}. {text}" if number else text})
    return _to_case(case, "volgende-stap")


@login_required
@require_POST
def participant_add(request, case_id: int):
    user = request.user
    case = access.get_case_for_user(user, case_id)
    if not is_case_worker(user, case):
        raise PermissionDenied(_("Alleen wie aan de zaak werkt, voegt betrokkenen toe."))
    pool = selectors.participant_candidates(user, case)
    posted = request.POST.get("student", "")
    students = list(pool.filter(pk=parse_id(posted))) if parse_id(posted) else []
    form = ParticipantForm(request.POST, students=students)
    if form.is_valid():
        student = students[0] if form.cleaned_data["student"] else None
        try:
            services.participant_add(
                case=case, acting_user=user, role=form.cleaned_data["role"], student=student,
                description=form.cleaned_data["description"], other_school=form.cleaned_data["other_school"],
                audit=audit_context(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Betrokkene toegevoegd."))
            return _to_case(case, "betrokkenen")
    return _render_case(request, case, participant_form=form)


@login_required
@require_POST
def confidential_note_add(request, case_id: int):
    user = request.user
    case = access.get_case_for_user(user, case_id)
    if not access.can_write_confidential_note(user, case):
        raise PermissionDenied(_("Alleen de vertrouwenspersoon maakt vertrouwelijke notities."))
    form = ConfidentialNoteForm(request.POST)
    if form.is_valid():
        try:
            services.confidential_note_add(case=case, acting_user=user, text=form.cleaned_data["text"], audit=audit_context(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vertrouwelijke notitie bewaard. Alleen u kunt deze lezen."))
            return _to_case(case, "vertrouwelijk")
    return _render_case(request, case, note_form=form)


@login_required
@require_POST
def case_criminal_offence(request, case_id: int):
    """Confirm or withdraw the criminal-offence flag (the police guard on every closing path)."""
    case = access.get_case_for_user(request.user, case_id)
    answer = request.POST.get("criminal_offence", "")
    if answer not in ("ja", "nee"):
        messages.error(request, _("Kies ‘ja’ of ‘nee’: gaat het (ook) om strafbare feiten?"))
        return _to_case(case, "strafbaar")
    try:
        services.case_criminal_offence_set(case=case, acting_user=request.user, criminal_offence=answer == "ja",
                                           audit=audit_context(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vastgelegd: deze zaak gaat over strafbare feiten. Afsluiten kan pas met het verslag "
                                    "aan de politie, of met de reden waarom de politie niet is ingelicht.")
                         if case.criminal_offence else _("Vastgelegd: deze zaak gaat niet over strafbare feiten."))
    return _to_case(case, "strafbaar")
