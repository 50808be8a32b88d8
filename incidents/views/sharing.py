"""Pages: staff added to a case ("Medewerkers bij deze zaak") and the board's settings."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from incidents import access, services
from incidents.services.sharing import (
    ONLY_SHARERS,
    board_settings_of,
    can_edit_board_settings,
    can_view_board_settings,
    shareable_staff,
)
from people.audit import audit_context


class MemberForm(forms.Form):
    member = forms.IntegerField(label=gettext_lazy("Medewerker"), min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")], initial="add")


class BoardSettingsForm(forms.Form):
    board_coordinator_acts = forms.BooleanField(
        required=False,
        label=gettext_lazy("De algemeen anti-pestcoördinator werkt mee aan zaken (vastleggen en een stap verder zetten)"),
        help_text=gettext_lazy("Uit: hij of zij leest alle zaken en adviseert, zoals het anti-pestbeleid zegt (§ 2.1, § 2.3)."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_members(request, case_id: int):
    user = request.user
    case = access.get_case_for_user(user, case_id)
    if not access.can_share_case(user, case):
        raise PermissionDenied(ONLY_SHARERS)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            member = shareable_staff(case).filter(pk=form.cleaned_data["member"]).first() or access.shared_with(case).filter(
                pk=form.cleaned_data["member"]).first()
            service = services.case_share if form.cleaned_data["action"] == "add" else services.case_unshare
            try:
                service(case=case, member=member, acting_user=user, audit=audit_context(request))
            except ValidationError as error:
                problems, status = error.messages, 400
            else:
                messages.success(request, _("Toegevoegd aan de zaak.") if form.cleaned_data["action"] == "add"
                                 else _("Van de zaak gehaald."))
                return redirect("incidents:case_members", case_id=case.pk)
        else:
            problems, status = [_("Kies een medewerker van deze vestiging.")], 400
    shared = list(access.shared_with(case))
    shared_ids = {m.pk for m in shared}
    candidates = [m for m in shareable_staff(case) if m.pk not in shared_ids and not access.can_work_on_case(m, case)]
    return render(request, "incidents/case_members.html", {
        "case": case, "shared": shared, "candidates": candidates, "problems": problems,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def board_settings(request):
    user = request.user
    if not can_view_board_settings(user):
        raise Http404
    editable = can_edit_board_settings(user)
    current = board_settings_of(user.organisation_id)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("Alleen de algemene directie wijzigt de instellingen van het bestuur."))
        form = BoardSettingsForm(request.POST)
        if form.is_valid():
            services.board_settings_update(acting_user=user, audit=audit_context(request), **form.cleaned_data)
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("incidents:board_settings")
        status = 400
    else:
        form = BoardSettingsForm(initial={"board_coordinator_acts": current.board_coordinator_acts})
    return render(request, "incidents/board_settings.html", {"form": form, "editable": editable, "current": current},
                  status=status)
