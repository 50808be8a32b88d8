"""The inspectorate export (CSV, JSON) of a school year: thin, access via monitoring.access."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from people import access as people_access
from people.audit import audit_context, audit_log
from people.models import AuditEvent, SchoolYear

from .. import access, inspectorate


@login_required
@require_GET
def inspectorate_export(request):
    """Without ?schooljaar: the choice of years; with it: the file (?formaat=csv|json)."""
    user = request.user
    branches = list(access.dashboard_branches_for(user).order_by("name"))
    if not branches:
        raise Http404
    years = SchoolYear.objects.for_organisation(user.organisation_id).order_by("-starts_on")
    wanted = request.GET.get("schooljaar")
    if not wanted:
        return render(request, "monitoring/inspectorate_export.html", {"years": years})
    year = people_access.get_or_404(years, wanted)
    fmt = request.GET.get("formaat", "csv")
    if fmt not in ("csv", "json"):
        raise Http404
    rows = inspectorate.export_rows(organisation_id=user.organisation_id, school_year=year, branches=branches,
                                    with_organisation=access.can_see_board_view(user))
    if fmt == "csv":
        body, content_type = inspectorate.export_csv(rows), "text/csv; charset=utf-8"
    else:
        body = inspectorate.export_json(rows, organisation=user.organisation.name, school_year=year)
        content_type = "application/json; charset=utf-8"
    audit_log(action=AuditEvent.Action.EXPORT, actor=user, obj=year, audit=audit_context(request),
              export=f"inspectorate_{fmt}", branches=[b.pk for b in branches])
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="inspectie-{slugify(year.name) or year.pk}.{fmt}"'
    )
    response["Cache-Control"] = "no-store"
    return response
