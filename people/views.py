"""Pages for branches, classes and students. Thin: access helpers and selectors do the work."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from . import access, today
from .audit import audit_context
from .forms import StudentFilterForm
from .selectors import enrolments_of, student_read, this_year_first


@login_required
def home(request):
    """"Vandaag": what waits for this person, most urgent first (people.today)."""
    return render(request, "people/home.html", {
        "sections": today.today_sections(request.user),
        "actions": today.today_actions(request.user),
    })


@login_required
def branch_list(request):
    branches = access.branches_for(request.user).annotate(
        class_count=Count("classes", distinct=True), department_count=Count("departments", distinct=True)
    )
    return render(request, "people/branch_list.html", {"branches": branches})


@login_required
def branch_detail(request, branch_id: int):
    branch = access.get_branch_for_user(request.user, branch_id)
    departments = branch.departments.all()
    classes = (
        access.classes_for(request.user).filter(branch=branch).select_related("school_year", "department")
        .annotate(other_year=this_year_first()).order_by("other_year", "-school_year__starts_on", "name")
    )
    return render(request, "people/branch_detail.html", {"branch": branch, "departments": departments, "classes": classes})


@login_required
def class_list(request):
    classes = (
        access.classes_for(request.user)
        .select_related("branch", "school_year", "department")
        .prefetch_related("mentors")
        .annotate(student_count=Count("enrolments", distinct=True), other_year=this_year_first())
        # This school year's classes first (grouped by branch), then the newest other years.
        .order_by("other_year", "branch__name", "-school_year__starts_on", "name")
    )
    page = Paginator(classes, 100).get_page(request.GET.get("page"))
    return render(request, "people/class_list.html", {"page": page})


@login_required
def class_detail(request, class_id: int):
    school_class = access.get_class_for_user(request.user, class_id)
    students = (
        access.students_for(request.user)
        .filter(enrolments__school_class=school_class)
        .order_by("last_name", "first_name")
    )
    return render(
        request,
        "people/class_detail.html",
        {"school_class": school_class, "students": students, "mentors": school_class.mentors.all()},
    )


@login_required
def student_list(request):
    user = request.user
    classes = access.classes_for(user).select_related("branch", "school_year").order_by("branch__name", "name")
    form = StudentFilterForm(request.GET or None, branches=access.branches_for(user), classes=classes)
    students = access.students_for(user).select_related("branch")
    if form.is_valid():
        q = form.cleaned_data.get("q")
        if q:
            students = students.filter(
                Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(external_id__iexact=q)
            )
        if form.cleaned_data.get("branch"):
            students = students.filter(branch_id=form.cleaned_data["branch"])
        if form.cleaned_data.get("school_class"):
            students = students.filter(enrolments__school_class_id=form.cleaned_data["school_class"])
    page = Paginator(students.order_by("last_name", "first_name", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "people/student_list.html", {"form": form, "page": page})


@login_required
def student_detail(request, student_id: int):
    student = student_read(user=request.user, student_id=student_id, audit=audit_context(request))
    return render(
        request, "people/student_detail.html", {"student": student, "enrolments": enrolments_of(student)}
    )

