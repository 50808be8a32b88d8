"""The school-calendar pages ("Schoolkalender"). Thin: access helpers, one selector or service each.

Coordinators and branch management see and manage their branch's calendar; board roles the
organisation's and every branch's. Everyone else gets 404, as does any other tenant's id.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people import access
from people.audit import audit_context

from . import calendar_services as services
from .calendars import calendar_overview, language, region_for
from .forms import BranchRegionForm, CalendarSettingsForm, ExampleForm, PeriodForm
from .models import CalendarPeriod, OrganisationCalendar
from .region_services import branch_place_update, can_set_region


def _page_url(branch_id: int | None) -> str:
    if branch_id is None:
        return reverse("protocol:calendar")
    return reverse("protocol:branch_calendar", args=[branch_id])


def _calendar_url(calendar: OrganisationCalendar) -> str:
    return _page_url(calendar.branch_id)


def _level(request, branch_id):
    """(branch or None) after the access check; 404 for those the page is not for."""
    scope = access.scope_for(request.user)
    if not services.can_use_calendars(scope):
        raise Http404
    if branch_id is None:
        return None
    return services.get_calendar_branch_for_user(request.user, branch_id)


def _render_page(request, branch, *, settings_form=None, period_form=None, problems=None, status=200,
                 region_form=None):
    user = request.user
    region = region_for(user.organisation_id, branch)
    today = timezone.localdate()
    example_form = ExampleForm(request.GET or None)
    example = example_form.cleaned_data.get("start") if example_form.is_valid() else None
    overview = calendar_overview(organisation=user.organisation_id, branch=branch, today=today, example=example)
    shown = overview.own or overview.applies
    if settings_form is None:
        initial = {"prefill": overview.own is None}
        if shown is not None:
            initial.update(region=shown.region, include_public_holidays=shown.include_public_holidays)
        else:
            initial.update(region=region.region, include_public_holidays=True)
        settings_form = CalendarSettingsForm(initial=initial)
    if period_form is None and overview.own is not None:
        period_form = PeriodForm(initial={"kind": CalendarPeriod.Kind.STUDY_DAY})
    if overview.example_weeks and not example_form.is_bound:
        example_form = ExampleForm(initial={"start": overview.example_weeks.start})
    lang = language()
    context = {
        "branch": branch,
        "overview": overview,
        "editable": overview.own is not None,
        "is_board": access.scope_for(user).is_board,
        "branches": services.calendar_branches_for(user),
        "settings_form": settings_form,
        "period_form": period_form,
        "example_form": example_form,
        "example_weeks_text": overview.example_weeks.explanation(lang),
        "example_days_text": overview.example_days.explanation(lang),
        "problems": problems or [],
        "page_url": _page_url(getattr(branch, "pk", None)),
        "region": region,
        "region_text": region.explanation(lang),
        "region_form": (region_form or BranchRegionForm(initial={
            "postcode": branch.postcode, "province": branch.province, "holiday_region": branch.holiday_region,
        })) if branch is not None and can_set_region(user, branch) else None,
    }
    return render(request, "protocol/calendar.html", context, status=status)


@login_required
def calendar_page(request, branch_id: int | None = None):
    branch = _level(request, branch_id)
    if branch is None and not services.can_manage_calendar(request.user, branch=None):
        first = services.calendar_branches_for(request.user).order_by("name").first()
        if first is None:
            raise Http404
        return redirect("protocol:branch_calendar", branch_id=first.pk)
    return _render_page(request, branch)


@login_required
@require_POST
def calendar_settings(request, branch_id: int | None = None):
    branch = _level(request, branch_id)
    if branch is None and not services.can_manage_calendar(request.user, branch=None):
        raise Http404  # the organisation's calendar is the board's
    form = CalendarSettingsForm(request.POST)
    if not form.is_valid():
        return _render_page(request, branch, settings_form=form, status=400)
    try:
        result = services.calendar_configure(
            organisation=request.user.organisation_id, branch=branch,
            region=form.cleaned_data["region"],
            include_public_holidays=form.cleaned_data["include_public_holidays"],
            prefill=form.cleaned_data["prefill"], acting_user=request.user,
        )
    except ValidationError as exc:
        return _render_page(request, branch, settings_form=form, problems=exc.messages, status=400)
    text = _("De schoolkalender is opgeslagen.")
    if result.prefilled:
        text += " " + _("%(count)s vakanties van regio %(region)s ingevuld.") % {
            "count": result.prefilled, "region": result.calendar.get_region_display()
        }
    if result.skipped:
        text += " " + _("Niet ingevuld omdat de school er al een eigen vakantie voor heeft: %(list)s.") % {
            "list": ", ".join(result.skipped)
        }
    messages.success(request, text)
    return redirect(_page_url(branch_id))


@login_required
@require_POST
def period_add(request, calendar_id: int):
    calendar = services.get_calendar_for_user(request.user, calendar_id)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        return _render_page(request, calendar.branch, period_form=form, status=400)
    try:
        period = services.period_add(
            calendar=calendar, kind=form.kind_value, name=form.cleaned_data["name"],
            start=form.cleaned_data["start"], end=form.cleaned_data.get("end"), acting_user=request.user,
        )
    except ValidationError as exc:
        return _render_page(request, calendar.branch, period_form=form, problems=exc.messages, status=400)
    messages.success(request, _("%(name)s is toegevoegd.") % {"name": period.name})
    return redirect(_calendar_url(calendar) + f"#jaar-{period.school_year}")


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request, calendar_id: int, period_id: int):
    calendar = services.get_calendar_for_user(request.user, calendar_id)
    period = services.get_period_for_user(request.user, calendar, period_id)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = PeriodForm(request.POST, fixed_kind=period.kind)
        if form.is_valid():
            try:
                services.period_update(
                    period=period, name=form.cleaned_data["name"], start=form.cleaned_data["start"],
                    end=form.cleaned_data.get("end"), acting_user=request.user,
                )
            except ValidationError as exc:
                problems, status = exc.messages, 400
            else:
                messages.success(request, _("%(name)s is gewijzigd.") % {"name": period.name})
                return redirect(_calendar_url(calendar) + f"#jaar-{period.school_year}")
        else:
            status = 400
    else:
        form = PeriodForm(
            initial={"name": period.name, "start": period.start, "end": period.end}, fixed_kind=period.kind
        )
    return render(
        request, "protocol/calendar_period_form.html",
        {"calendar": calendar, "period": period, "form": form, "problems": problems,
         "back_url": _calendar_url(calendar)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_delete(request, calendar_id: int, period_id: int):
    calendar = services.get_calendar_for_user(request.user, calendar_id)
    period = services.get_period_for_user(request.user, calendar, period_id)
    if request.method == "POST":
        services.period_delete(period=period, acting_user=request.user)
        messages.success(request, _("%(name)s is verwijderd.") % {"name": period.name})
        return redirect(_calendar_url(calendar) + f"#jaar-{period.school_year}")
    return render(
        request, "protocol/calendar_confirm_delete.html",
        {"calendar": calendar, "period": period, "back_url": _calendar_url(calendar)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_delete(request, calendar_id: int):
    calendar = services.get_calendar_for_user(request.user, calendar_id)
    if calendar.branch_id is None:
        raise Http404  # the organisation's calendar stays; a branch's own calendar can go
    if request.method == "POST":
        services.calendar_delete(calendar=calendar, acting_user=request.user)
        messages.success(request, _("De vestiging volgt nu de schoolkalender van de organisatie."))
        return redirect(_calendar_url(calendar))
    return render(
        request, "protocol/calendar_confirm_delete.html",
        {"calendar": calendar, "period": None, "back_url": _calendar_url(calendar)},
    )


@login_required
@require_POST
def branch_region(request, branch_id: int):
    """Management records the branch's postcode and province, or sets its region outright."""
    branch = _level(request, branch_id)
    if not can_set_region(request.user, branch):
        raise PermissionDenied(_("Alleen de directie stelt de vakantieregio van een vestiging in."))
    form = BranchRegionForm(request.POST)
    if not form.is_valid():
        return _render_page(request, branch, region_form=form, status=400)
    try:
        branch_place_update(branch=branch, acting_user=request.user, audit=audit_context(request), **form.cleaned_data)
    except ValidationError as exc:
        return _render_page(request, branch, region_form=form, problems=exc.messages, status=400)
    messages.success(request, _("De vakantieregio van de vestiging is opgeslagen."))
    return redirect(_page_url(branch.pk))
