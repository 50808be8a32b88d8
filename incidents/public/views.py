"""Pages of the public reporting channel. Thin: guards, one service or selector, render.

Public pages (/melden/…) need no log-in and set no cookie of their own (only Django's
CSRF cookie); every answer is ``Cache-Control: no-store``, so a receipt code or a reply
never stays in a shared computer's cache. Staff pages (/meldingen-leerlingen/…) are for
those who handle signals.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from people.audit import audit_context, audit_log
from people.ids import id_or_404
from people.models import AuditEvent
from people.permissions import Permission, has_permission

from . import guards, receipts, selectors, services
from .forms import AddMessageForm, PublicReportForm, ReceiptForm, ReplyForm

UNKNOWN_RECEIPT = gettext_lazy(
    "Deze code kennen we niet. Controleer de letters en cijfers en probeer het opnieuw. "
    "Let op: de code hoort bij de school waar je de melding deed."
)


def _private(response):
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store, private"
    return response


def _report_context(branch, **extra):
    return {"branch": branch, "organisation": branch.organisation, **extra}


@require_http_methods(["GET", "POST"])
def report_page(request, org_slug: str, branch_slug: str):
    """The public report form of one branch, with its coordinator and confidential adviser."""
    branch = selectors.public_branch(org_slug, branch_slug)
    if request.method == "GET":
        form = PublicReportForm(initial={"token": guards.form_token(branch.pk), "anonymous": "yes"})
        return _private(render(request, "incidents/public/report.html", _report_context(branch, form=form)))

    address = guards.client_address(request)
    problem, status, issued = None, 200, None
    sent_here = guards.current(guards.REPORTS_PER_ADDRESS, address, branch.pk)
    if sent_here >= guards.REPORTS_PER_ADDRESS.limit:
        problem, status = guards.TOO_MANY_REPORTS, 429
    elif sent_here and guards.is_over(guards.REPORTS_PER_BRANCH, branch.pk):
        # A flood at this branch limits each source to one report, but never locks out an
        # address that has sent nothing yet: a genuine reporter still gets through.
        problem, status = guards.BRANCH_BUSY, 429
    else:
        check = guards.check_form_token(request.POST.get("token", ""), branch.pk)
        problem, issued = check.problem, check.issued
        if problem is None and request.POST.get("website", "").strip():
            problem = guards.HONEYPOT
    data = request.POST.copy()
    token = data.get("token", "")
    data["token"] = guards.form_token(branch.pk, issued=issued)
    data["website"] = ""
    form = PublicReportForm(data)
    if form.is_valid() and problem is None:
        if not guards.use_form_token(token):
            problem = guards.ALREADY_SENT
        else:
            try:
                report, code = services.report_create(branch=branch, data=form.to_input())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                guards.count(guards.REPORTS_PER_ADDRESS, address, branch.pk)
                guards.count(guards.REPORTS_PER_BRANCH, branch.pk)
                return _private(render(
                    request, "incidents/public/report_done.html",
                    _report_context(branch, receipt=receipts.format_receipt(code), report=report),
                ))
    context = _report_context(branch, form=form, problem=problem)
    return _private(render(request, "incidents/public/report.html", context, status=status))


def _receipt_problem(request, branch, raw: str):
    """(report, problem, status) for a typed receipt; wrong codes count against the address."""
    address = guards.client_address(request)
    if guards.is_over(guards.WRONG_RECEIPTS_PER_ADDRESS, address):
        return None, guards.TOO_MANY_TRIES, 429
    report = selectors.report_by_receipt(branch, raw)
    if report is None:
        guards.count(guards.WRONG_RECEIPTS_PER_ADDRESS, address)
        return None, UNKNOWN_RECEIPT, 200
    return report, None, 200


@require_http_methods(["GET", "POST"])
def follow_up(request, org_slug: str, branch_slug: str):
    """Come back with the receipt code: read the school's replies and add information.

    The code travels in the form (never in the address bar), and nothing is remembered
    between visits: each step sends the code again."""
    branch = selectors.public_branch(org_slug, branch_slug)
    if request.method == "GET":
        return _private(render(request, "incidents/public/follow_up.html", _report_context(branch, form=ReceiptForm())))

    adding = request.POST.get("action") == "add"
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "incidents/public/follow_up.html", _report_context(branch, form=form)))
    report, problem, status = _receipt_problem(request, branch, form.cleaned_data["receipt"])
    if report is None:
        form.add_error("receipt", problem)
        return _private(render(request, "incidents/public/follow_up.html", _report_context(branch, form=form), status=status))

    sent = False
    add_form = AddMessageForm(initial={"receipt": form.cleaned_data["receipt"]})
    if adding:
        add_form = AddMessageForm(request.POST)
        if add_form.is_valid():
            if guards.is_over(guards.MESSAGES_PER_REPORT, report.pk):
                add_form.add_error("text", guards.TOO_MANY_MESSAGES)
                status = 429
            else:
                try:
                    services.report_add_message(report=report, text=add_form.cleaned_data["text"])
                except ValidationError as error:
                    add_form.add_error(None, error)
                else:
                    guards.count(guards.MESSAGES_PER_REPORT, report.pk)
                    sent = True
                    add_form = AddMessageForm(initial={"receipt": form.cleaned_data["receipt"]})
    context = _report_context(
        branch, report=report, thread=list(selectors.report_messages(report)), add_form=add_form, sent=sent,
    )
    return _private(render(request, "incidents/public/thread.html", context, status=status))


# --- staff ---------------------------------------------------------------------------
def _require_triage(user) -> None:
    if not has_permission(user, Permission.TRIAGE_SIGNALS):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie behandelt meldingen."))


@login_required
def staff_list(request):
    """Every public report the user handles, those with an unanswered addition first."""
    _require_triage(request.user)
    reports = selectors.reports_for(request.user).order_by("-created_at", "-id")
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "incidents/public/staff_list.html", {"page": page})


@login_required
def staff_for_signal(request, signal_id: int):
    report = selectors.report_for_signal(request.user, id_or_404(signal_id))
    if report is None:
        raise Http404
    return redirect("public_report:staff_detail", report_id=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request, report_id: int):
    """The report, what the reporter added later, the school's replies, and a reply form."""
    report = selectors.get_report_for_user(request.user, report_id)
    can_reply = services.can_reply(request.user, report)
    form = ReplyForm()
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.report_reply(report=report, acting_user=request.user, text=form.cleaned_data["text"], audit=audit_context(request))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Uw antwoord staat klaar voor de melder. Hij of zij leest het met de code."))
                return redirect("public_report:staff_detail", report_id=report.pk)
    else:
        audit_log(action=AuditEvent.Action.READ, actor=request.user, obj=report, audit=audit_context(request))
    context = {
        "report": report, "signal": report.signal, "thread": list(selectors.report_messages(report)),
        "form": form if can_reply else None,
    }
    return render(request, "incidents/public/staff_detail.html", context, status=200)
