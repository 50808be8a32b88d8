"""Pages for letters to parents. Thin: access helpers, one service or selector, render."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.audit import audit_context

from .. import access
from ..errors import ProtocolRefusal
from ..models import Letter
from . import defaults as d
from . import services
from .compose import template_for
from .forms import LetterEditForm, LetterNewForm, LetterSendForm, LetterTemplateForm
from .selectors import letters_of_case, sent_letter_pdf_for_user


def _case_url(case) -> str | None:
    try:
        return reverse("incidents:case_detail", args=[case.pk])
    except NoReverseMatch:
        return None


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def letter_new(request, case_id: int):
    case = access.get_case_for_user(request.user, case_id)
    if not services.can_write_letters(request.user, case):
        raise PermissionDenied
    if request.method == "POST":
        form = LetterNewForm(request.POST)
        if form.is_valid():
            try:
                letter = services.letter_draft(case=case, acting_user=request.user, kind=form.cleaned_data["kind"],
                                               party=form.cleaned_data["party"], audit=audit_context(request))
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Het concept staat klaar. Lees het na en pas het aan waar nodig."))
                return redirect("incidents:letter_edit", letter_id=letter.pk)
    else:
        initial = {key: request.GET[key] for key in ("kind", "party") if request.GET.get(key)}
        form = LetterNewForm(initial=initial)
    status = 400 if form.is_bound else 200
    return render(request, "incidents/letters/letter_new.html", {
        "case": case, "case_url": _case_url(case), "form": form, "letters": letters_of_case(request.user, case),
    }, status=status)


def _render_edit(request, letter, *, form=None, send_form=None, refusal=None, status=200):
    case = letter.case
    writer = services.can_write_letters(request.user, case)
    draft = letter.status == Letter.Status.DRAFT
    if draft and writer and form is None:
        form = LetterEditForm(initial={"subject": letter.subject, "body": letter.body})
    return render(request, "incidents/letters/letter_edit.html", {
        "letter": letter, "case": case, "case_url": _case_url(case), "is_draft": draft, "can_write": writer,
        "form": form if draft and writer else None,
        "send_form": (send_form or LetterSendForm()) if draft and writer else None,
        "refusal": refusal or [], "student": letter.participant.student if letter.participant_id else None,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, letter_id: int):
    letter = access.get_letter_for_user(request.user, letter_id)
    if request.method == "GET":
        return _render_edit(request, letter)
    form = LetterEditForm(request.POST)
    if form.is_valid():
        try:
            services.letter_update(letter=letter, acting_user=request.user, subject=form.cleaned_data["subject"],
                                   body=form.cleaned_data["body"], audit=audit_context(request))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("De brief is opgeslagen."))
            return redirect("incidents:letter_edit", letter_id=letter.pk)
    letter.refresh_from_db()
    return _render_edit(request, letter, form=form, status=400)


@login_required
@require_POST
def letter_send(request, letter_id: int):
    """Checks what it can at once; the send itself (PDF, dossier, timeline) is a job."""
    letter = access.get_letter_for_user(request.user, letter_id)
    send_form = LetterSendForm(request.POST)
    if not send_form.is_valid():
        return _render_edit(request, letter, send_form=send_form, status=400)
    try:
        job = services.letter_send_queue(letter=letter, acting_user=request.user, audit=audit_context(request))
    except ProtocolRefusal as refusal:
        return _render_edit(request, letter, refusal=refusal.messages, status=409)
    except ValidationError as error:
        _form_errors(send_form, error)
        return _render_edit(request, letter, send_form=send_form, status=400)
    return redirect("people:document_job", document_id=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def letter_pdf(request, letter_id: int):
    """GET: a sent letter's stored PDF. POST on a draft: its preview, made by a job."""
    letter = access.get_letter_for_user(request.user, letter_id)  # 404 for others and other tenants
    if request.method == "POST":
        if letter.status != Letter.Status.DRAFT:
            return redirect("incidents:letter_pdf", letter_id=letter.pk)
        job = services.letter_preview_queue(letter=letter, acting_user=request.user, audit=audit_context(request))
        return redirect("people:document_job", document_id=job.pk)
    if letter.status == Letter.Status.DRAFT:
        return redirect("incidents:letter_edit", letter_id=letter.pk)  # the preview is a POST (a job)
    data, filename = sent_letter_pdf_for_user(user=request.user, letter=letter, audit=audit_context(request))
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


# ------------------------------------------------------------------- organisation templates


def _require_template_editor(request):
    if not services.can_edit_templates(request.user) or request.user.organisation_id is None:
        raise PermissionDenied


@login_required
@require_GET
def letter_templates(request):
    _require_template_editor(request)
    rows = []
    for kind, label in Letter.Kind.choices:
        subject, _body, own = template_for(request.user.organisation_id, kind)
        rows.append({"kind": kind, "label": label, "subject": subject, "own": own})
    return render(request, "incidents/letters/template_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(request, kind: str):
    _require_template_editor(request)
    if kind not in d.DEFAULTS:
        raise Http404
    organisation = request.user.organisation
    label = Letter.Kind(kind).label
    if request.method == "POST" and request.POST.get("action") == "reset":
        services.letter_template_reset(organisation=organisation, acting_user=request.user, kind=kind, audit=audit_context(request))
        messages.success(request, _("De standaardtekst wordt weer gebruikt."))
        return redirect("incidents:letter_template_edit", kind=kind)
    subject, body, own = template_for(organisation.pk, kind)
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.letter_template_save(organisation=organisation, acting_user=request.user, kind=kind,
                                              subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                                              audit=audit_context(request))
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Het sjabloon is opgeslagen. Nieuwe brieven gebruiken deze tekst."))
                return redirect("incidents:letter_template_edit", kind=kind)
    else:
        form = LetterTemplateForm(initial={"subject": subject, "body": body})
    return render(request, "incidents/letters/template_edit.html", {
        "kind": kind, "label": label, "form": form, "own": own, "placeholders": d.PLACEHOLDERS,
        "two_parties": len(d.PARTIES[kind]) > 1,
    }, status=400 if form.is_bound else 200)
