"""Picking students: a branch's students, searching them, how one is named in a list."""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from people.models import Enrolment, Student


def branch_students(organisation_id, branch_id) -> QuerySet[Student]:
    """Students of one branch with the name of their latest class, for picking by name.

    Anyone on staff may log a signal about any student of their branch, so this is wider
    than people.access.students_for (which is about reading a student's record): it shows
    names and classes only. Students in a class this school year come first; a student
    whose latest class is of another year shows that year with it (issue 17, item 5)."""
    today = timezone.localdate()
    latest = Enrolment.objects.filter(student=OuterRef("pk")).order_by("-school_year__starts_on")
    return (
        Student.objects.for_organisation(organisation_id)
        .filter(branch_id=branch_id, left_on__isnull=True)
        .annotate(
            class_name=Subquery(latest.values("school_class__name")[:1]),
            class_year=Subquery(latest.values("school_year__name")[:1]),
            this_year=Exists(Enrolment.objects.filter(
                student=OuterRef("pk"), school_year__starts_on__lte=today, school_year__ends_on__gte=today,
            )),
        )
        .order_by("-this_year", "last_name", "first_name", "pk")
    )


def search_students(qs: QuerySet[Student], q: str) -> QuerySet[Student]:
    """Students matching every word of a name; several names separated by commas are
    searched at once ("Jansen, de Vries"), so naming two students is one search."""
    parts = [p.strip() for p in (q or "").replace(";", ",").split(",")]
    parts = [p for p in parts if len(p) >= 2][:5]
    if not parts:
        return qs.none()
    where = Q()
    for part in parts:
        one = Q()
        for word in part.split()[:3]:
            one &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(infix__icontains=word)
        where |= one
    return qs.filter(where)


def student_label(student: Student) -> str:
    class_name = getattr(student, "class_name", None)
    if class_name and getattr(student, "this_year", True) is False and getattr(student, "class_year", None):
        # Not in a class this school year: say which year the class was, so last year's
        # "3B" is not taken for this year's.
        return f"{student.full_name} ({class_name}, {student.class_year})"
    return f"{student.full_name} ({class_name})" if class_name else student.full_name
