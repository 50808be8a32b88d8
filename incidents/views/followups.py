"""Follow-up pages: the overdue dashboard, "Mijn termijnen", marking a term done, the
follow-up policy. Thin: validate, call one selector or service, render."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from incidents import followup_policy
from incidents import followup_selectors as fs
from incidents.followups import followup_complete
from people import access as people_access
from people.audit import audit_context

from .common import error_messages

PAGE_SIZE = 50

STATUS_CHOICES = [
    ("active", gettext_lazy("Open en te laat")),
    ("overdue", gettext_lazy("Te laat")),
    ("open", gettext_lazy("Open, nog niet verlopen")),
    ("done", gettext_lazy("Afgerond")),
    ("cancelled", gettext_lazy("Vervallen")),
    ("all", gettext_lazy("Alle")),
]


class FollowUpFilterForm(forms.Form):
    branch = forms.TypedChoiceField(label=gettext_lazy("Vestiging"), required=False, coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(label=gettext_lazy("Eigenaar"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=STATUS_CHOICES)
    kind = forms.ChoiceField(label=gettext_lazy("Soort termijn"), required=False)

    def __init__(self, *args, branches=(), owners=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Alle"))]
        self.fields["branch"].choices = everyone + [(b.pk, b.name) for b in branches]
        self.fields["owner"].choices = everyone + [(u.pk, str(u)) for u in owners]
        self.fields["kind"].choices = everyone + list(kinds)

    def filters(self) -> fs.FollowUpFilters:
        if not (self.is_bound and self.is_valid()):
            return fs.FollowUpFilters()
        data = self.cleaned_data
        return fs.FollowUpFilters(
            branch=data.get("branch"), owner=data.get("owner"), status=data.get("status") or "active",
            kind=data.get("kind") or "",
        )


class CompleteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Toelichting (optioneel)"), required=False, max_length=1000)
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class PolicyForm(forms.Form):
    reminder_school_days = forms.IntegerField(
        label=gettext_lazy("Herinnering, schooldagen voor de uiterste datum"),
        min_value=0, max_value=followup_policy.MAX_REMINDER_DAYS,
        help_text=gettext_lazy("De eigenaar krijgt een herinnering zoveel schooldagen voordat een termijn afloopt (0: op de dag zelf)."),
    )
    escalate_after_school_days = forms.IntegerField(
        label=gettext_lazy("Escalatie na … schooldagen te laat"),
        min_value=1, max_value=followup_policy.MAX_ESCALATION_DAYS,
        help_text=gettext_lazy("Zoveel schooldagen na de uiterste datum krijgt de algemeen anti-pestcoördinator een melding."),
    )


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def followup_dashboard(request):
    """Every open and overdue follow-up the user oversees, overdue first (coordinators:
    their branch; board roles: every branch)."""
    user = request.user
    if not fs.sees_dashboard(people_access.scope_for(user)):
        raise PermissionDenied(_("Dit overzicht is voor anti-pestcoördinatoren, directie en bestuur."))
    form = FollowUpFilterForm(request.GET or None, **fs.filter_choices(user))
    filters = form.filters()
    page = _page(request, fs.followup_list(user, filters, scope_name=fs.default_scope(user)))
    rows = fs.followup_rows(user, page.object_list)
    return render(request, "incidents/followups/dashboard.html", {
        "form": form, "page": page, "rows": rows, "filters": filters,
        "show_branch": people_access.scope_for(user).is_board or len(form.fields["branch"].choices) > 2,
    })


@login_required
def my_followups(request):
    """"Mijn termijnen": the follow-ups the user owns, overdue first, with "afgerond"."""
    user = request.user
    status = request.GET.get("status") if request.GET.get("status") in ("active", "done", "all") else "active"
    page = _page(request, fs.followup_list(user, fs.FollowUpFilters(status=status), scope_name="mine"))
    rows = fs.followup_rows(user, page.object_list)
    return render(request, "incidents/followups/mine.html", {"page": page, "rows": rows, "status": status})


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def followup_done(request, followup_id: int):
    """Mark a follow-up done by hand. Done twice: the service's clear message, nothing changed."""
    followup = fs.get_followup_for_user(request.user, followup_id)
    back = _back(request, reverse("incidents:my_followups"))
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("De toelichting is te lang (hoogstens 1000 tekens)."))
        return redirect(back)
    try:
        followup_complete(followup=followup, acting_user=request.user, note=form.cleaned_data["note"], audit=audit_context(request))
    except ValidationError as error:
        error_messages(request, error)
        return redirect(back)
    messages.success(request, _("Termijn afgerond: %(label)s (zaak %(ref)s).") % {
        "label": followup.label_nl, "ref": followup.case.reference})
    return redirect(back)


@login_required
def followup_policy_page(request):
    """The organisation's reminder and escalation days: board roles change, management reads."""
    user = request.user
    policy = followup_policy.policy_of(user)  # PermissionDenied for others
    can_edit = followup_policy.can_edit_policy(user)
    initial = {"reminder_school_days": policy.reminder_school_days,
               "escalate_after_school_days": policy.escalate_after_school_days}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Alleen de algemene directie en de algemeen anti-pestcoördinator stellen het termijnbeleid in."))
        if form.is_valid():
            try:
                followup_policy.followup_policy_update(acting_user=user, audit=audit_context(request), **form.cleaned_data)
            except ValidationError as error:
                from incidents.forms import add_service_errors

                add_service_errors(form, error)
            else:
                messages.success(request, _("Het termijnbeleid is opgeslagen."))
                return redirect("incidents:followup_policy")
    return render(request, "incidents/followups/policy.html", {"form": form, "policy": policy, "can_edit": can_edit})
