"""Picking students: a branch's students, searching them, how one is named in a list."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from people.models import Student

from ..selectors import branch_students  # noqa: F401 - the rule lives in the selectors; forms re-export it


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
