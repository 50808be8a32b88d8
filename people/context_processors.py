"""Navigation and header data for the base layout, by role."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access
from .roles import BRANCH_WIDE_STUDENT_ROLES, Role

# (url name, label, who sees it). Later apps add their entries through NAV_EXTENSIONS.
NAV_EXTENSIONS: list[tuple[str, object, callable]] = []


def _can_see_students(scope) -> bool:
    return scope.is_board or bool(scope.all_roles & (set(BRANCH_WIDE_STUDENT_ROLES) | {Role.MENTOR}))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = access.scope_for(user)
    items = [(reverse("home"), _("Overzicht"))]
    for url_name, label, visible in NAV_EXTENSIONS:
        if visible(scope):
            items.append((reverse(url_name), label))
    items.append((reverse("people:branch_list"), _("Vestigingen")))
    items.append((reverse("people:class_list"), _("Klassen")))
    if _can_see_students(scope):
        items.append((reverse("people:student_list"), _("Leerlingen")))
    if scope.all_roles & {Role.BRANCH_MANAGEMENT, Role.BOARD_MANAGEMENT}:
        items.append((reverse("people:import_start"), _("Importeren")))
        items.append((reverse("people:rollover_start"), _("Nieuw schooljaar")))
    role_labels = sorted({str(Role(r).label) for r in scope.all_roles})
    if scope.is_board:
        branch_names = [str(_("Hele organisatie"))]
    else:
        branch_names = list(access.branches_for(user).values_list("name", flat=True))
    return {
        "nav_items": items,
        "header_roles": role_labels,
        "header_branches": branch_names,
        "current_path": request.path,
    }
