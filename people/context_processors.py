"""Navigation and header data for the base layout, by role.

The menu has at most seven top-level entries, so it fits one line on a 390 px phone: each
entry is a *group* (Vandaag, Zaken, Signalen, Veiligheid, School, Beheer). A group's link
opens its first entry the user may see; the group's other entries are one level down, as
tabs at the top of the page (``section_nav``). A group with one visible entry shows that
entry's own label ("Nieuw signaal" for a mentor, whose Signalen group holds only that).

Later apps add entries through ``NAV_EXTENSIONS`` — ``(url name, label, who sees it)``,
registered from their ``AppConfig.ready()`` (people.hooks) — and say which group with ``place_in_group``:

    NAV_EXTENSIONS.register(("incidents:complaints", _("Klachten"), sees_complaints))
    place_in_group("incidents:complaints", "cases")

An entry without a group goes to Beheer. Groups count with the menu counters of
people.notification_context (``GROUP_COUNT_KEYS``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access
from .hooks import Hook
from .notification_context import CountedLabel
from .permissions import Permission, has_permission
from .roles import Role

# (url name, label, who sees it). Later apps register their entries from their ready().
NAV_EXTENSIONS: Hook[tuple[str, object, Callable]] = Hook("menu entries", key=lambda entry: entry[0])

#: The top-level groups in menu order: (key, label). At most seven.
NAV_GROUPS: list[tuple[str, object]] = [
    ("today", _("Vandaag")),
    ("cases", _("Zaken")),
    ("signals", _("Signalen")),
    ("safety", _("Veiligheid")),
    ("school", _("School")),
    ("admin", _("Beheer")),
]
DEFAULT_GROUP = "admin"

#: Which group an entry belongs to, by url name; in each group the order here is the
#: order of its tabs, and the first one the user sees is where the group's link goes.
NAV_GROUP_OF: dict[str, str] = {}
_ORDER: dict[str, int] = {}

#: Menu counters (people.notification_context.NAV_COUNTERS keys) summed into a group's
#: count, e.g. "Vandaag (3)". The first present key of a tuple counts (the dashboard's
#: overdue terms for those who oversee a branch, else their own).
GROUP_COUNT_KEYS: dict[str, list[tuple[str, ...]]] = {
    "today": [("mine",), ("untriaged",)],
    "cases": [("dashboard", "mine")],
    "signals": [("untriaged",)],
}


def place_in_group(url_name: str, group: str) -> None:
    """Put a menu entry in a group (after the ones placed before it)."""
    if group not in {key for key, _label in NAV_GROUPS}:
        raise ValueError(f"unknown menu group {group!r}")
    NAV_GROUP_OF[url_name] = group
    _ORDER.setdefault(url_name, len(_ORDER))


for _name, _group in [
    ("home", "today"),
    ("people:notifications", "today"),
    ("incidents:case_list", "cases"),
    ("incidents:my_cases", "cases"),
    ("incidents:followup_dashboard", "cases"),
    ("incidents:my_followups", "cases"),
    ("incidents:handover", "cases"),
    ("incidents:signal_list", "signals"),
    ("public_report:staff_list", "signals"),
    ("incidents:signal_new", "signals"),
    ("monitoring:dashboard", "safety"),
    ("monitoring:round_list", "safety"),
    ("monitoring:report_index", "safety"),
    ("people:student_list", "school"),
    ("people:class_list", "school"),
    ("people:branch_list", "school"),
    ("people:import_start", "admin"),
    ("people:rollover_start", "admin"),
    ("protocol:calendar", "admin"),
    ("monitoring:privacy_index", "admin"),
]:
    place_in_group(_name, _group)


def _can_see_students(scope) -> bool:
    return has_permission(scope, Permission.READ_STUDENTS)


@dataclass
class NavEntry:
    url: str
    label: object
    current: bool = False


@dataclass
class NavGroup:
    key: str
    name: object  # the group's own name, without a count (the tabs' accessible name)
    label: object
    url: str
    entries: list[NavEntry] = field(default_factory=list)
    active: bool = False


def _entries(scope) -> list[tuple[str, object]]:
    """(url name, label) of every entry this role sees."""
    entries = [("home", _("Vandaag"))]
    for url_name, label, visible in NAV_EXTENSIONS:
        if visible(scope):
            entries.append((url_name, label))
    entries.append(("people:branch_list", _("Vestigingen")))
    entries.append(("people:class_list", _("Klassen")))
    if _can_see_students(scope):
        entries.append(("people:student_list", _("Leerlingen")))
    if has_permission(scope, Permission.MANAGE_STAFF):
        entries.append(("people:import_start", _("Importeren")))
    if has_permission(scope, Permission.ROLLOVER):
        entries.append(("people:rollover_start", _("Nieuw schooljaar")))
    return entries


def _count_key(group: str) -> str:
    return f"group:{group}"


def group_counts(counts: dict[str, int]) -> dict[str, int]:
    """The groups' counts from the menu counters' values (see GROUP_COUNT_KEYS)."""
    result = {}
    for group, alternatives in GROUP_COUNT_KEYS.items():
        total = 0
        for keys in alternatives:
            total += next((counts[k] for k in keys if k in counts), 0)
        result[_count_key(group)] = total
    return result


def menu_for(scope, path: str) -> list[NavGroup]:
    """The grouped menu of one role; the group and entry of ``path`` are marked."""
    by_group: dict[str, list[tuple[int, str, object]]] = {}
    for url_name, label in _entries(scope):
        group = NAV_GROUP_OF.get(url_name, DEFAULT_GROUP)
        by_group.setdefault(group, []).append((_ORDER.get(url_name, 10_000), reverse(url_name), label))
    # The entry whose address is the longest prefix of this page's is "here" (a case page
    # /zaken/12/ belongs to Zaken); "/" only counts for itself.
    best = ""
    for entries in by_group.values():
        for _o, url, _l in entries:
            if (path == url or (url != "/" and path.startswith(url))) and len(url) > len(best):
                best = url
    groups = []
    for key, label in NAV_GROUPS:
        entries = sorted(by_group.get(key, []), key=lambda e: e[0])
        if not entries:
            continue
        nav_entries = [NavEntry(url=url, label=entry_label, current=url == best) for _o, url, entry_label in entries]
        top_label = CountedLabel(label, _count_key(key)) if key in GROUP_COUNT_KEYS else label
        if len(nav_entries) == 1:
            only = nav_entries[0].label
            top_label = CountedLabel(only, _count_key(key)) if key in GROUP_COUNT_KEYS else only
        groups.append(NavGroup(key=key, name=label, label=top_label, url=nav_entries[0].url, entries=nav_entries,
                               active=any(e.current for e in nav_entries)))
    return groups


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = access.scope_for(user)
    groups = menu_for(scope, request.path)
    active = next((g for g in groups if g.active), None)
    role_labels = sorted({str(Role(r).label) for r in scope.all_roles})
    if scope.is_board:
        branch_names = [str(_("Hele organisatie"))]
    else:
        branch_names = sorted(scope.branch_names.values())  # read with the roles: no query of its own
    return {
        "nav_groups": groups,
        # The tabs of the current group, when it has more than one entry.
        "section_nav": active if active is not None and len(active.entries) > 1 else None,
        "header_roles": role_labels,
        "header_branches": branch_names,
        "current_path": request.path,
    }
