"""The public status page (/status/<board>/) and the staff page of a case's status codes.

The public page works as the receipt page: the code travels in the form (never in the
address bar), wrong codes count against the address (a keyed hash in the cache), every
answer is no-store, and every look-up with a valid code is audited without an actor.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from people.audit import audit_context, audit_log
from people.models import AuditEvent, Organisation
from people.tenancy import activate

from .. import access
from ..models import StatusCode
from ..public import guards
from ..public.forms import DutchErrorsMixin
from . import codes, selectors, services

WRONG_STATUS_CODES = guards.Limit("status-addr", "PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS", 10, 60 * 60)
UNKNOWN = gettext_lazy("Deze code kennen we niet (meer). Controleer de letters en cijfers, of vraag de school om een nieuwe code.")


class StatusCodeForm(DutchErrorsMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Uw code"), max_length=40,
        help_text=gettext_lazy("De code van 12 letters en cijfers onder de brief van de school, bijvoorbeeld ABCD-EFGH-JK23."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Vul uw code in.")},
    )


def _private(response):
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


@require_http_methods(["GET", "POST"])
def status_page(request, org_slug: str):
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None:
        raise Http404
    activate(organisation)
    context = {"organisation": organisation}
    if request.method == "GET":
        return _private(render(request, "incidents/status/page.html", {**context, "form": StatusCodeForm()}))
    form = StatusCodeForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "incidents/status/page.html", {**context, "form": form}))
    address = guards.client_address(request)
    if guards.is_over(WRONG_STATUS_CODES, address):
        form.add_error("code", guards.TOO_MANY_TRIES)
        return _private(render(request, "incidents/status/page.html", {**context, "form": form}, status=429))
    code = selectors.code_by_raw(organisation.pk, form.cleaned_data["code"])
    if code is None:
        guards.count(WRONG_STATUS_CODES, address)
        form.add_error("code", UNKNOWN)
        return _private(render(request, "incidents/status/page.html", {**context, "form": form}))
    StatusCode.objects.filter(pk=code.pk).update(last_used_at=timezone.now())
    audit_log(action=AuditEvent.Action.READ, organisation=organisation.pk, obj=code, audit=audit_context(request),
              case=code.case_id, holder=code.holder)
    view = selectors.status_view(code)
    return _private(render(request, "incidents/status/status.html", {**context, "view": view}))


# --- staff: the codes of one case --------------------------------------------------------
@login_required
def case_status_codes(request, case_id: int):
    case = access.get_case_for_user(request.user, case_id)
    may_work = access.can_work_on_case(request.user, case)
    new_code = ""
    if request.method == "POST":
        if not may_work:
            raise PermissionDenied(str(services.MAY_NOT))
        participant = case.participants.filter(pk=_int(request.POST.get("participant"))).select_related("student").first()
        if participant is None:
            messages.error(request, _("Kies een leerling uit deze zaak."))
        else:
            try:
                new_code = codes.format_code(services.status_code_issue_to_student(
                    case=case, participant=participant, acting_user=request.user, audit=audit_context(request)))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
    students = list(case.participants.filter(student__isnull=False).select_related("student"))
    return _private(render(request, "incidents/status/case_codes.html", {
        "case": case, "codes": list(services.codes_of(case)), "may_work": may_work, "students": students,
        "new_code": new_code, "status_url": reverse("incidents:status_page", args=[case.organisation.slug]),
    }, status=400 if request.method == "POST" and not new_code else 200))


@login_required
@require_POST
def status_code_revoke(request, case_id: int, code_id: int):
    case = access.get_case_for_user(request.user, case_id)
    code = services.codes_of(case).filter(pk=_int(code_id)).first()
    if code is None:
        raise Http404
    try:
        services.status_code_revoke(code=code, acting_user=request.user, audit=audit_context(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De code is ingetrokken; hij werkt niet meer."))
    return redirect(reverse("incidents:case_status_codes", args=[case.pk]))


def _int(value) -> int:
    from people.ids import parse_id
    return parse_id(str(value or "")) or 0
