"""Round management for coordinators and management: list, open, print codes, revoke a code."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from incidents.forms import add_service_errors
from people.audit import audit_context

from .. import access, codes, selectors, services, slips
from ..forms import IssueCodesForm, RevokeCodeForm, RoundForm


def _require_manager(user) -> None:
    if not access.can_manage_any(user):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie beheert peilingen."))


@login_required
def round_list(request):
    _require_manager(request.user)
    return render(request, "monitoring/rounds/list.html", {"rounds": selectors.round_list(request.user)})


@login_required
def round_new(request):
    user = request.user
    _require_manager(user)
    classes = list(selectors.classes_for_new_round(user))
    form = RoundForm(request.POST or None, classes=classes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.round_create(
                organisation=user.organisation_id, acting_user=user, name=data["name"], opens_at=data["opens_at"],
                closes_at=data["closes_at"], class_ids=[int(c) for c in data["classes"]],
                min_group_size=data["min_group_size"], instrument_version=data["instrument_version"], audit=audit_context(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De peiling is aangemaakt. Maak nu per klas de codes."))
            return redirect("monitoring:round_detail", round_id=survey.pk)
    return render(request, "monitoring/rounds/new.html", {"form": form, "has_classes": bool(classes)},
                  status=400 if form.errors else 200)


def _detail(request, survey, *, issue_form=None, issue_for=None, revoke_form=None, status=200):
    classes = selectors.round_classes(request.user, survey)
    rows = [
        {"rc": rc, "form": issue_form if issue_for == rc.pk else IssueCodesForm(
            prefix=f"c{rc.pk}", initial={"count": selectors.default_slip_count(rc)})}
        for rc in classes
    ]
    return render(request, "monitoring/rounds/detail.html", {
        "survey": survey, "rows": rows, "revoke_form": revoke_form or RevokeCodeForm(),
        "is_open": survey.is_open(),
    }, status=status)


@login_required
def round_detail(request, round_id):
    survey = access.get_round_for_user(request.user, round_id, permission=access.MANAGE_ROUNDS)
    return _detail(request, survey)


@never_cache
@login_required
@require_POST
def codes_issue(request, round_id, class_id):
    """Queue the codes with their slips (a document job issues them and lays out the PDF)
    and show the job's page."""
    user = request.user
    survey = access.get_round_for_user(user, round_id, permission=access.MANAGE_ROUNDS)
    round_class = access.get_round_class_for_user(user, survey, class_id)
    form = IssueCodesForm(request.POST, prefix=f"c{round_class.pk}")
    if form.is_valid():
        try:
            job = services.slips_queue(round_class=round_class, count=form.cleaned_data["count"],
                                       acting_user=user, base=slips.site_of(request), audit=audit_context(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("people:document_job", document_id=job.pk)
    return _detail(request, survey, issue_form=form, issue_for=round_class.pk, status=400)


@login_required
@require_POST
def code_revoke(request, round_id):
    user = request.user
    survey = access.get_round_for_user(user, round_id, permission=access.MANAGE_ROUNDS)
    form = RevokeCodeForm(request.POST)
    if form.is_valid():
        raw = codes.normalise(form.cleaned_data["code"])
        try:
            services.code_revoke(code=raw, acting_user=user, survey_round=survey,
                                 audit=audit_context(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De code is ingetrokken. Hij werkt niet meer."))
            return redirect("monitoring:round_detail", round_id=survey.pk)
    return _detail(request, survey, revoke_form=form, status=400)
