"""Conflict of interest on a case: who is kept out of it, and staff recorded as a party."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from incidents import access, exclusions
from incidents.forms import add_service_errors
from people.audit import audit_context


class ExclusionForm(forms.Form):
    user = forms.TypedChoiceField(label=gettext_lazy("Medewerker"), coerce=int)
    reason = forms.CharField(label=gettext_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": exclusions.NEED_REASON},
                             help_text=gettext_lazy("Bijvoorbeeld: is zelf partij, is ouder of familie van een betrokkene."))

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—")] + [(u.pk, f"{u.full_name} ({u.email})") for u in staff]
        self.fields["user"].error_messages["invalid_choice"] = exclusions.NOT_STAFF


class StaffPartyForm(forms.Form):
    user = forms.TypedChoiceField(label=gettext_lazy("Medewerker"), coerce=int)
    description = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=200)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—")] + [(u.pk, f"{u.full_name} ({u.email})") for u in staff]
        self.fields["user"].error_messages["invalid_choice"] = exclusions.NOT_STAFF


def _page(request, case, *, form=None, party_form=None, status=200):
    may_manage = exclusions.can_manage_exclusions(request.user, case)
    may_work = access.can_work_on_case(request.user, case)
    staff = list(exclusions.staff_of(case.organisation_id)) if (may_manage or may_work) else []
    return render(request, "incidents/case_conflicts.html", {
        "case": case,
        "exclusions": list(exclusions.exclusions_of(case)),
        "staff_parties": list(case.participants.filter(staff__isnull=False).select_related("staff")),
        "form": (form or ExclusionForm(staff=staff)) if may_manage else None,
        "party_form": (party_form or StaffPartyForm(staff=staff)) if may_work else None,
        "may_manage": may_manage,
    }, status=status)


@login_required
def case_conflicts(request, case_id: int):
    case = access.get_case_for_user(request.user, case_id)
    if request.method != "POST":
        return _page(request, case)
    if not exclusions.can_manage_exclusions(request.user, case):
        raise PermissionDenied(str(exclusions.MAY_NOT))
    form = ExclusionForm(request.POST, staff=exclusions.staff_of(case.organisation_id))
    if form.is_valid():
        try:
            exclusions.case_exclude(case=case, acting_user=request.user, user_id=form.cleaned_data["user"],
                                    reason=form.cleaned_data["reason"], audit=audit_context(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De medewerker is uitgesloten van deze zaak."))
            return redirect(reverse("incidents:case_conflicts", args=[case.pk]))
    return _page(request, case, form=form, status=400)


@login_required
@require_POST
def case_exclusion_lift(request, case_id: int, exclusion_id: int):
    case = access.get_case_for_user(request.user, case_id)
    exclusion = exclusions.get_exclusion_for_user(request.user, case, exclusion_id)
    try:
        exclusions.case_exclusion_lift(exclusion=exclusion, acting_user=request.user, audit=audit_context(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De uitsluiting is opgeheven."))
    return redirect(reverse("incidents:case_conflicts", args=[case.pk]))


@login_required
@require_POST
def case_staff_party_add(request, case_id: int):
    case = access.get_case_for_user(request.user, case_id)
    if not access.can_work_on_case(request.user, case):
        raise PermissionDenied(_("Alleen wie aan de zaak werkt, voegt betrokkenen toe."))
    form = StaffPartyForm(request.POST, staff=exclusions.staff_of(case.organisation_id))
    if form.is_valid():
        try:
            exclusions.staff_party_add(case=case, acting_user=request.user, user_id=form.cleaned_data["user"],
                                       description=form.cleaned_data["description"], audit=audit_context(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De medewerker is als vermoedelijke pester vastgelegd en uitgesloten van de zaak."))
            return redirect(reverse("incidents:case_conflicts", args=[case.pk]))
    return _page(request, case, party_form=form, status=400)
