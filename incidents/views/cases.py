"""Case lists: the coordinator's filterable list and a mentor's "Mijn zaken"."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from incidents import selectors
from incidents.forms import CaseFilterForm
from incidents.selectors import CaseFilters
from people import access as people_access
from people.permissions import Permission, has_permission
from people.roles import Role
from protocol.selectors import protocol_for_new_cases

from ..vocab import lang
from .common import case_rows

PAGE_SIZE = 25


@dataclass(frozen=True)
class _Mentor:
    """A mentor as the filter's option: the user's id and name (``str`` is the label)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def _filter_choices(user):
    """Choices of the filter form: a handful of queries, whatever the number of cases."""
    definition = protocol_for_new_cases(user.organisation_id)
    language = lang()
    steps = [
        (s.key, f"{s.number}. {s.label.get(language)}" if s.number else s.label.get(language))
        for s in definition.steps
    ]
    # Only the columns the options show: a board has hundreds of classes and staff, and
    # building whole model instances for them was a sixth of the page (issue 16).
    classes = list(
        people_access.classes_for(user).select_related("school_year", "branch")
        .only("pk", "name", "branch__name", "school_year__name", "school_year__starts_on", "school_year__ends_on")
        .order_by("-school_year__starts_on", "name")
    )
    mentors = {
        user_id: _Mentor(user_id, full_name or email)
        for user_id, full_name, email in people_access.role_assignments_for(user).filter(role=Role.MENTOR)
        .values_list("user_id", "user__full_name", "user__email")
    }
    branches = list(people_access.branches_for(user).order_by("name"))
    return {
        "steps": steps,
        "classes": classes,
        "mentors": sorted(mentors.values(), key=lambda u: u.name),
        "branches": branches,
    }


@login_required
def case_list(request):
    """Every case the user may see, filterable by step, form, class, mentor, status and branch."""
    user = request.user
    form = CaseFilterForm(request.GET or None, **_filter_choices(user))
    filters = CaseFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = CaseFilters(
            branch=data.get("branch"), step=data.get("step") or "", form=data.get("form") or "",
            school_class=data.get("school_class"), mentor=data.get("mentor"),
            status=data.get("status") or "open", q=(data.get("q") or "").strip(),
        )
    page = Paginator(selectors.case_list(user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    rows = case_rows(cases, selectors.needs_next(cases))
    return render(request, "incidents/case_list.html", {"form": form, "page": page, "rows": rows})


@login_required
def my_cases(request):
    """"Mijn zaken": the cases a mentor is mentor of or sees, each with what it needs next.

    Second-line and board roles see many cases on "Zaken"; here only those they are the
    mentor or coordinator of."""
    user = request.user
    status = request.GET.get("status") if request.GET.get("status") in ("open", "closed", "all") else "open"
    qs = selectors.case_list(user, CaseFilters(status=status))
    if has_permission(user, Permission.READ_CASES, own=False):
        qs = qs.filter(Q(mentor=user) | Q(coordinator=user))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    rows = case_rows(cases, selectors.needs_next(cases))
    return render(request, "incidents/my_cases.html", {"page": page, "rows": rows, "status": status})
