"""Complaint pages: the register with a form, and one complaint with its stages."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents import access, complaints
from incidents.forms import DateInput, add_service_errors
from incidents.models import Complaint
from people import access as people_access
from people.audit import audit_context
from people.models import RoleAssignment
from people.roles import Role


class ComplaintForm(forms.Form):
    branch = forms.TypedChoiceField(label=gettext_lazy("Vestiging"), coerce=int)
    complainant_kind = forms.ChoiceField(label=gettext_lazy("Wie klaagt"), choices=Complaint.Complainant.choices)
    complainant_name = forms.CharField(label=gettext_lazy("Naam van de klager"), max_length=200)
    about = forms.CharField(label=gettext_lazy("Waarover gaat de klacht?"), widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=5000)
    received_on = forms.DateField(label=gettext_lazy("Ontvangen op"), widget=DateInput,
                                  error_messages={"invalid": gettext_lazy("Vul een geldige datum in.")})
    stage = forms.ChoiceField(label=gettext_lazy("Fase"), choices=Complaint.Stage.choices[:3])
    case = forms.TypedChoiceField(label=gettext_lazy("Zaak (als de klacht over een zaak gaat)"), coerce=int,
                                  required=False, empty_value=None)
    adviser = forms.TypedChoiceField(label=gettext_lazy("Vertrouwenspersoon die steunt"), coerce=int, required=False,
                                     empty_value=None)
    adviser_support = forms.CharField(label=gettext_lazy("Steun van de vertrouwenspersoon"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)

    def __init__(self, *args, branches=(), cases=(), advisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [(b.pk, b.name) for b in branches]
        self.fields["case"].choices = [("", "—")] + [(c.pk, f"{c.reference} – {c.title}") for c in cases]
        self.fields["adviser"].choices = [("", "—")] + [(u.pk, u.full_name) for u in advisers]


class AdvanceForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Wat is er in deze fase gebeurd?"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=5000)
    outcome = forms.ChoiceField(label=gettext_lazy("Uitkomst (alleen bij afsluiten)"), required=False,
                                choices=[("", "—")] + list(Complaint.Outcome.choices))


def _require(user):
    if not complaints.handles_complaints(user):
        raise PermissionDenied(str(complaints.MAY_NOT))


def _choices(user):
    branches = [b for b in people_access.branches_for(user).order_by("name") if complaints.may_handle(user, b.pk)]
    cases = list(access.cases_for(user).order_by("-opened_at")[:300])
    advisers = sorted({r.user for r in RoleAssignment.objects.for_organisation(user.organisation_id)
                       .filter(role=Role.CONFIDENTIAL_ADVISER, branch_id__in=[b.pk for b in branches])
                       .select_related("user")}, key=lambda u: u.full_name)
    return branches, cases, advisers


@login_required
def complaint_list(request):
    user = request.user
    _require(user)
    branches, cases, advisers = _choices(user)
    form = ComplaintForm(branches=branches, cases=cases, advisers=advisers,
                         initial={"received_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, branches=branches, cases=cases, advisers=advisers)
        if form.is_valid():
            d = form.cleaned_data
            branch = next(b for b in branches if b.pk == d["branch"])
            case = access.get_case_for_user(user, d["case"]) if d["case"] else None
            adviser = next((u for u in advisers if u.pk == d["adviser"]), None)
            try:
                complaint = complaints.complaint_register(
                    acting_user=user, branch=branch, complainant_kind=d["complainant_kind"],
                    complainant_name=d["complainant_name"], about=d["about"], received_on=d["received_on"], case=case,
                    adviser=adviser, adviser_support=d["adviser_support"], stage=d["stage"], audit=audit_context(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De klacht is geregistreerd."))
                return redirect(reverse("incidents:complaint_detail", args=[complaint.pk]))
        status = 400
    rows = list(complaints.complaints_for(user).order_by("-received_on", "-id")[:500])
    return render(request, "incidents/complaints/list.html", {"form": form, "complaints": rows,
                                                               "today": timezone.localdate()}, status=status)


@login_required
def complaint_detail(request, complaint_id: int):
    user = request.user
    complaint = people_access.get_or_404(complaints.complaints_for(user), complaint_id)
    form = AdvanceForm()
    status = 200
    if request.method == "POST":
        form = AdvanceForm(request.POST)
        if form.is_valid():
            try:
                complaints.complaint_advance(complaint=complaint, acting_user=user, note=form.cleaned_data["note"],
                                             outcome=form.cleaned_data["outcome"], audit=audit_context(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De klacht is bijgewerkt."))
                return redirect(reverse("incidents:complaint_detail", args=[complaint.pk]))
        status = 400
    steps = list(complaint.steps.select_related("by").order_by("at", "id"))
    return render(request, "incidents/complaints/detail.html", {
        "complaint": complaint, "steps": steps, "form": form if complaint.stage != Complaint.Stage.CLOSED else None,
        "today": timezone.localdate()}, status=status)
