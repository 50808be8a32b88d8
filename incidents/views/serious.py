"""The serious-incident register: the list, registering one from a case, the notice to the
inspectorate, and the board's setting."""
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

from incidents import access, serious
from incidents.forms import DateInput, add_service_errors
from incidents.models import IncidentCategory
from people import access as people_access
from people.audit import audit_context


class RegisterForm(forms.Form):
    case = forms.TypedChoiceField(label=gettext_lazy("Zaak"), coerce=int,
                                  error_messages={"invalid_choice": gettext_lazy("Kies een zaak uit de lijst.")})
    category = forms.ChoiceField(label=gettext_lazy("Soort incident"), choices=IncidentCategory.choices,
                                 error_messages={"required": serious.NEED_CATEGORY})
    occurred_on = forms.DateField(label=gettext_lazy("Datum van het incident"), widget=DateInput,
                                  error_messages={"invalid": gettext_lazy("Vul een geldige datum in.")})
    description = forms.CharField(label=gettext_lazy("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=5000)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "—")] + [(c.pk, f"{c.reference} – {c.title}") for c in cases]


class ReportedForm(forms.Form):
    reported_on = forms.DateField(label=gettext_lazy("Gemeld bij de inspectie op"), widget=DateInput,
                                  error_messages={"invalid": gettext_lazy("Vul een geldige datum in.")})
    reference = forms.CharField(label=gettext_lazy("Kenmerk van de melding"), required=False, max_length=100)


def _require(user):
    if not serious.sees_register(user):
        raise PermissionDenied(str(serious.MAY_NOT))


def _cases(user):
    return list(access.cases_for(user).filter(is_closed=False).order_by("-opened_at")[:300])


@login_required
def register_page(request):
    user = request.user
    _require(user)
    org_id = user.organisation_id
    form = None
    status = 200
    enabled = serious.register_enabled(org_id)
    if request.method == "POST" and enabled:
        cases = _cases(user)
        form = RegisterForm(request.POST, cases=cases)
        if form.is_valid():
            case = access.get_case_for_user(user, form.cleaned_data["case"])
            try:
                serious.register_from_case(case=case, acting_user=user, category=form.cleaned_data["category"],
                                           occurred_on=form.cleaned_data["occurred_on"],
                                           description=form.cleaned_data["description"], audit=audit_context(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Het ernstige incident staat in het register."))
                return redirect(reverse("incidents:serious_register"))
        status = 400
    incidents = list(serious.register_for(user).order_by("-occurred_on", "-id")[:500])
    return render(request, "incidents/serious/register.html", {
        "enabled": enabled, "incidents": incidents,
        "form": (form or RegisterForm(cases=_cases(user))) if enabled else None,
        "reported_form": ReportedForm(),
        "may_set": serious.may_set_rules(user),
    }, status=status)


@login_required
@require_POST
def incident_reported(request, incident_id: int):
    user = request.user
    incident = people_access.get_or_404(serious.register_for(user), incident_id)
    form = ReportedForm(request.POST)
    if form.is_valid():
        try:
            serious.reported_to_inspectorate(incident=incident, acting_user=user,
                                             reported_on=form.cleaned_data["reported_on"],
                                             reference=form.cleaned_data["reference"], audit=audit_context(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("De melding bij de inspectie is vastgelegd."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("incidents:serious_register"))


@login_required
@require_POST
def register_setting(request):
    user = request.user
    _require(user)
    serious.policy_set(organisation_id=user.organisation_id, acting_user=user,
                       enabled=request.POST.get("enabled") == "1", audit=audit_context(request))
    messages.success(request, _("De instelling is bewaard."))
    return redirect(reverse("incidents:serious_register"))
