"""Report pages. Thin: access via monitoring.report.access (404 for other tenants and for
whoever may not export), content from content.build_report, files audited on the way out."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from people.audit import audit_context, audit_log
from people.models import AuditEvent

from . import access, jobs
from .content import build_report
from .csv import report_csv
from .forms import ALL, RegisterForm, ReportChoiceForm
from .models import ReportJob
from .register import register_read, register_save
from .render import report_context, report_filename


def _lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _choice_form(user, data=None) -> ReportChoiceForm:
    return ReportChoiceForm(
        data, branches=list(access.report_branches_for(user)), years=list(access.school_years_for(user)),
        whole_organisation=access.can_export_organisation(user),
    )


def _index_context(user, form) -> dict:
    return {
        "form": form if access.can_export(user) else None,
        "register_branches": list(access.register_branches_for(user)),
        "years": list(access.school_years_for(user)),
        "jobs": list(ReportJob.objects.for_organisation(user.organisation_id).filter(requested_by=user)
                     .select_related("school_year", "branch")[:5]),
    }


@login_required
@require_GET
def report_index(request):
    """Choose branch (or all) and year; the registers the user keeps."""
    user = request.user
    if not (access.can_export(user) or access.can_keep_register(user)):
        raise Http404
    return render(request, "monitoring/report/index.html", _index_context(user, _choice_form(user)))


def _audit_export(request, *, kind: str, school_year, branch) -> None:
    audit_log(action=AuditEvent.Action.EXPORT, actor=request.user, obj=school_year, audit=audit_context(request),
              export=f"inspection_report_{kind}", branch=getattr(branch, "pk", None) or "all")


@login_required
@require_GET
def report_export(request):
    """The report as a page or CSV at once; as PDF always through a job (a Celery task with
    progress): laying out a PDF takes seconds of CPU, which a web worker must not spend."""
    user = request.user
    if not access.can_export(user):
        raise Http404
    form = _choice_form(user, request.GET)
    if not form.is_valid():
        return render(request, "monitoring/report/index.html", _index_context(user, form), status=400)
    year = access.get_school_year_for_user(user, form.cleaned_data["schooljaar"])
    chosen = form.cleaned_data["vestiging"]
    branch = None if chosen == ALL else access.get_report_branch_for_user(user, chosen)
    if branch is None and not access.can_export_organisation(user):  # pragma: no cover - the form refuses it
        raise Http404
    kind = form.cleaned_data["formaat"]
    if kind == "pdf":
        job = jobs.job_create(acting_user=user, school_year=year, branch=branch, audit=audit_context(request))
        return redirect("monitoring:report_job", job_id=job.pk)
    report = build_report(organisation_id=user.organisation_id, school_year=year, branch=branch, lang=_lang())
    _audit_export(request, kind=kind, school_year=year, branch=branch)
    if kind == "html":
        return render(request, "monitoring/report/page.html", report_context(report) | {"query": request.GET.urlencode()})
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, "csv")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_job(request, job_id):
    job = jobs.get_job_for_user(request.user, job_id)
    return render(request, "monitoring/report/job.html", {"job": job, "running": job.status in ("pending", "running")})


@login_required
@require_GET
def report_job_download(request, job_id):
    job = jobs.get_job_for_user(request.user, job_id)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    audit_log(action=AuditEvent.Action.EXPORT, actor=request.user, obj=job, audit=audit_context(request),
              export="inspection_report_pdf", branch=job.branch_id or "all", school_year=job.school_year_id)
    name = f"inspectierapport-{job.school_year.name}-{'alle-vestigingen' if job.branch_id is None else job.branch_id}.pdf"
    response = FileResponse(job.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request, branch_id, year_id):
    """The prevention register of a branch and year: measures, programmes, PDCA."""
    user = request.user
    branch = access.get_register_branch_for_user(user, branch_id)
    year = access.get_school_year_for_user(user, year_id)
    current = register_read(branch=branch, school_year=year)
    form = RegisterForm(request.POST or None, register=current)
    if request.method == "POST" and form.is_valid():
        measures, programmes, pdca = form.inputs()
        try:
            register_save(branch=branch, school_year=year, acting_user=user, measures=measures,
                          programmes=programmes, pdca=pdca, audit=audit_context(request))
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Het preventieregister is opgeslagen."))
            return redirect("monitoring:report_register", branch_id=branch.pk, year_id=year.pk)
    return render(request, "monitoring/report/register.html", {
        "branch": branch, "year": year, "form": form, "register": current,
        "years": list(access.school_years_for(user)),
    }, status=400 if form.errors else 200)
