"""Logging a signal (anyone on staff) and triaging new signals (the coordinator)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents import access, selectors, services
from incidents.forms import (
    SignalDismissForm,
    SignalForm,
    SignalLinkForm,
    SignalOpenForm,
    add_service_errors,
    posted_student_ids,
    role_field_name,
    search_students,
)
from incidents.models import Signal
from incidents.patterns import link_proposals
from incidents.selectors import CaseFilters
from incidents.services import SignalStudentInput
from people import access as people_access
from people.audit import audit_context
from people.ids import parse_id
from protocol import vocabulary as v
from protocol.guides.signals import signal_list_for
from protocol.selectors import protocol_for_new_cases

from ..vocab import label, lang
from .common import can_triage_somewhere, error_messages

SEARCH = "search"


def _initial_from(data) -> dict:
    """Keep what was typed when the form is re-rendered for a name search."""
    initial = {key: data.get(key) for key in data if key != "forms"}
    initial["forms"] = data.getlist("forms")
    return initial


@login_required
def signal_new(request):
    """"Nieuw signaal": who, what, where, when, which forms. Works on a phone, without JavaScript."""
    user = request.user
    branches = list(people_access.branches_for(user).order_by("name"))
    if not branches:
        raise PermissionDenied(_("U werkt niet op een vestiging van deze organisatie."))
    data = request.POST if request.method == "POST" else None
    source = data if data is not None else request.GET
    branch = next((b for b in branches if str(b.pk) == str(source.get("branch", ""))), branches[0])
    pool = selectors.branch_students(user.organisation_id, branch.pk)

    # Students already given a role stay on the form; a new search adds its matches.
    chosen_ids = []
    if data is not None:
        chosen_ids = [i for i in posted_student_ids(data) if data.get(role_field_name(i)) or i < 0]
    elif parse_id(request.GET.get("leerling", "")):
        chosen_ids = [parse_id(request.GET["leerling"])]
    kept = list(pool.filter(pk__in=[i for i in chosen_ids if i > 0]))
    unknown = set(chosen_ids) - {s.pk for s in kept}
    found = list(search_students(pool, source.get("q", ""))[:20])
    kept_ids = {s.pk for s in kept}
    students = kept + [s for s in found if s.pk not in kept_ids]
    searched = bool(source.get("q", "").strip())

    if data is None or data.get("action") == SEARCH:
        initial = _initial_from(data) if data is not None else {"branch": branch.pk}
        if data is None and kept:
            initial[role_field_name(kept[0].pk)] = "target"
        form = SignalForm(initial=initial, branches=branches, students=students)
        return _render_new(request, form, searched=searched, found=found)

    form = SignalForm(data, branches=branches, students=students)
    if form.is_valid():
        if unknown:
            form.add_error("q", _("Deze leerling is niet gevonden. Kies een leerling uit de lijst."))
        else:
            inputs = [SignalStudentInput(role=role, student_id=pk) for pk, role in form.chosen()]
            other = form.cleaned_data.get("other_description", "").strip()
            if other:
                inputs.append(SignalStudentInput(role=form.cleaned_data["other_role"], description=other))
            try:
                signal = services.signal_create(
                    organisation=user.organisation_id, branch=branch, reported_by=user,
                    description=form.cleaned_data["description"], students=inputs,
                    forms=form.cleaned_data["forms"], discrimination_ground=form.cleaned_data["discrimination_ground"],
                    occurred_on=form.cleaned_data["occurred_on"], place=form.cleaned_data["place"],
                    incident_category=form.cleaned_data["incident_category"], is_serious=form.cleaned_data["is_serious"],
                    audit=audit_context(request),
                )
            except ValidationError as error:
                add_service_errors(form, error, {"students": "q"})
            else:
                return redirect("incidents:signal_done", signal_id=signal.pk)
    return _render_new(request, form, searched=searched, found=found)


def _render_new(request, form, *, searched: bool, found):
    return render(request, "incidents/signal_new.html", {
        "form": form, "searched": searched, "found": found,
        "signal_help": shown_signal_list(protocol_for_new_cases(request.user.organisation_id).key, lang()),
    })


def shown_signal_list(protocol_key: str, language: str) -> dict:
    """The board's own list of signals (its protocol's seed), in the template's shape."""
    signals = signal_list_for(protocol_key)
    return {
        "title": signals.title.get(language), "source": signals.source.get(language), "intro": signals.intro,
        "groups": [(title.get(language), lines) for title, lines in signals.groups],
    }


@login_required
def signal_detail(request, signal_id: int):
    """One signal: for the coordinator who triages it, and the mentor who was told of it."""
    signal = access.get_signal_for_user(request.user, signal_id)
    students = list(signal.students.select_related("student"))
    visible = set(people_access.students_for(request.user).filter(
        pk__in=[s.student_id for s in students if s.student_id]).values_list("pk", flat=True))
    return render(request, "incidents/signal_detail.html", {
        "signal": signal,
        "students": [
            {"name": s.student.full_name if s.student_id in visible else (s.description or _("leerling")),
             "role": label(v.ParticipantRole, s.role)}
            for s in students
        ],
        "forms": [label(v.BullyingForm, f) for f in signal.forms],
        "can_triage": access.can_triage_signals(request.user, branch=signal.branch_id),
        "overdue": signal.status == Signal.Status.NEW and signal.triage_due_on and signal.triage_due_on < timezone.localdate(),
    })


@login_required
def signal_done(request, signal_id: int):
    signal = access.get_signal_for_user(request.user, signal_id)
    return render(request, "incidents/signal_done.html", {"signal": signal, "branch": signal.branch})


@login_required
def signal_list(request):
    """The coordinator's inbox: new signals of their branch(es), each to open, link or dismiss."""
    user = request.user
    if not can_triage_somewhere(user):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie behandelt nieuwe signalen."))
    signals = Paginator(selectors.signal_list(user, status=Signal.Status.NEW).order_by("reported_at", "id"), 20)
    page = signals.get_page(request.GET.get("page"))
    open_cases = list(selectors.case_list(user, CaseFilters(status="open"))[:300])
    # A signal about a student who is already target or bully in an open case proposes it.
    proposals = link_proposals(user, list(page))
    items = []
    for signal in page:
        same_branch = [c for c in open_cases if c.branch_id == signal.branch_id]
        proposed = proposals.get(signal.pk, [])
        initial = {"case": proposed[0].case.pk} if proposed else None
        items.append(
            {
                "signal": signal,
                "proposals": proposed,
                "forms": [label(v.BullyingForm, f) for f in signal.forms],
                "open_form": SignalOpenForm(prefix=f"s{signal.pk}", suggest=services.criminal_forms(signal.forms)),
                "link_form": SignalLinkForm(prefix=f"s{signal.pk}", cases=same_branch, initial=initial) if same_branch else None,
                "dismiss_form": SignalDismissForm(prefix=f"s{signal.pk}"),
            }
        )
    return render(request, "incidents/signal_list.html", {"page": page, "items": items})


def _back_to_signals():
    return redirect(reverse("incidents:signal_list"))


@login_required
@require_POST
def signal_open(request, signal_id: int):
    signal = access.get_signal_for_user(request.user, signal_id)
    form = SignalOpenForm(request.POST, prefix=f"s{signal.pk}", suggest=services.criminal_forms(signal.forms))
    if not form.is_valid():
        messages.error(request, _("Controleer de gegevens van de nieuwe zaak."))
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back_to_signals()
    try:
        case = services.case_open(
            signal=signal, acting_user=request.user, title=form.cleaned_data["title"],
            criminal_offence=form.cleaned_data["criminal_offence"],
            second_case_reason=form.cleaned_data["second_case_reason"], audit=audit_context(request),
        )
    except ValidationError as error:
        error_messages(request, error)
        return _back_to_signals()
    messages.success(request, _("Zaak %(ref)s is geopend.") % {"ref": case.reference})
    return redirect("incidents:case_detail", case_id=case.pk)


@login_required
@require_POST
def signal_link(request, signal_id: int):
    user = request.user
    signal = access.get_signal_for_user(user, signal_id)
    cases = selectors.case_list(user, CaseFilters(status="open", branch=signal.branch_id))
    form = SignalLinkForm(request.POST, prefix=f"s{signal.pk}", cases=cases)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back_to_signals()
    case = access.get_case_for_user(user, form.cleaned_data["case"])
    try:
        services.signal_link(signal=signal, case=case, acting_user=user, audit=audit_context(request))
    except ValidationError as error:
        error_messages(request, error)
        return _back_to_signals()
    messages.success(request, _("Het signaal is toegevoegd aan zaak %(ref)s.") % {"ref": case.reference})
    return _back_to_signals()


@login_required
@require_POST
def signal_dismiss(request, signal_id: int):
    signal = access.get_signal_for_user(request.user, signal_id)
    form = SignalDismissForm(request.POST, prefix=f"s{signal.pk}")
    if not form.is_valid():
        messages.error(request, _("Geef aan waarom dit signaal zonder zaak wordt afgehandeld."))
        return _back_to_signals()
    try:
        services.signal_dismiss(signal=signal, acting_user=request.user, reason=form.cleaned_data["reason"], audit=audit_context(request))
    except ValidationError as error:
        error_messages(request, error)
        return _back_to_signals()
    messages.success(request, _("Het signaal is afgehandeld zonder zaak."))
    return _back_to_signals()

