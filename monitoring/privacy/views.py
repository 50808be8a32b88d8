"""Privacy pages. Thin: access via monitoring.privacy.access (404 for whoever may not),
writes through policy.py, reads through retention.py, subject_access.py, processing.py."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from incidents.forms import add_service_errors
from people.audit import audit_context

from . import access
from .forms import PolicyForm, StudentSearchForm
from .models import RetentionRun
from .policy import current_terms, retention_policy_save
from .processing import anonymous_parts, processing_register
from .retention import retention_plan
from .subject_access import subject_access_export, subject_access_pdf_queue

RUNS_SHOWN = 10


def _index_context(user, form: PolicyForm | None = None, search: StudentSearchForm | None = None) -> dict:
    org_id = user.organisation_id
    terms, policy = current_terms(org_id)
    board = access.is_board_management(user)
    context = {"terms": terms, "policy": policy, "board": board, "search": search or StudentSearchForm()}
    if board:
        context["form"] = form or PolicyForm(initial={"case_years": terms.case_years, "student_years": terms.student_years})
        context["plan"] = retention_plan(org_id, terms=terms)
        context["runs"] = list(RetentionRun.objects.for_organisation(org_id)[:RUNS_SHOWN])
    return context


@login_required
@require_GET
def privacy_index(request):
    """The policy and its reasoning, the dry run and past runs (board), the export search."""
    access.require_privacy(request.user)
    return render(request, "monitoring/privacy/index.html", _index_context(request.user))


@login_required
@require_http_methods(["POST"])
def policy_save(request):
    user = request.user
    access.require_board_management(user)
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            retention_policy_save(organisation_id=user.organisation_id, acting_user=user, audit=audit_context(request),
                                  **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het bewaarbeleid is opgeslagen."))
            return redirect("monitoring:privacy_index")
    return render(request, "monitoring/privacy/index.html", _index_context(user, form=form), status=400)


@login_required
@require_GET
def student_search(request):
    """Find a student by student number, among those the user may export."""
    user = request.user
    access.require_privacy(user)
    form = StudentSearchForm(request.GET)
    if form.is_valid():
        number = form.cleaned_data["leerlingnummer"].strip()
        student = access.export_students_for(user).filter(external_id=number).first()
        if student is not None:
            return redirect("monitoring:privacy_student", student_id=student.pk)
        form.add_error("leerlingnummer", _("Geen leerling gevonden met dit leerlingnummer (of niet van uw vestiging)."))
    return render(request, "monitoring/privacy/index.html", _index_context(user, search=form), status=400)


@login_required
@require_GET
def student_export_page(request, student_id):
    student = access.get_export_student_for_user(request.user, student_id)
    return render(request, "monitoring/privacy/student.html", {"student": student})


@login_required
@require_http_methods(["GET", "POST"])
def student_export(request, student_id, kind):
    """JSON: a direct download (GET). PDF: queued as a document job (POST), never laid out here."""
    if kind == "pdf" and request.method == "POST":
        job = subject_access_pdf_queue(user=request.user, student_id=student_id, audit=audit_context(request))
        return redirect("people:document_job", document_id=job.pk)
    if kind != "json" or request.method != "GET":
        raise Http404
    body, content_type, name = subject_access_export(user=request.user, student_id=student_id, audit=audit_context(request))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def processing_register_page(request):
    access.require_privacy(request.user)
    return render(request, "monitoring/privacy/register.html", {
        "rows": processing_register(), "anonymous": anonymous_parts(),
    })
