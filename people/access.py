"""Who may see and do what, answered in one place from roles and object grants.

* Staff of one organisation never see another's data: every helper starts from the
  user's own organisation, and an id of another tenant gives 404 (never 403, so ids leak
  nothing — Zulip's and healthchecks' rule).
* Inside an organisation: board roles see everything; branch-wide roles (coordinator,
  counsellor, care coordinator, head of department, branch management) see their branch;
  a mentor sees the students of the classes they mentor; a single record can be shared
  with one person through a django-guardian grant (e.g. a teacher involved in a case).

Views and API call these helpers; django-guardian calls live here, not in views.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_objects_for_user

from .ids import parse_id
from .models import Branch, ClassMentor, Department, RoleAssignment, SchoolClass, Student, User
from .permissions import Permission, board_wide, branch_ids_where, has_permission, held_for_own
from .roles import ORGANISATION_ROLES

_CACHE_ATTR = "_pestzaak_scope"


@dataclass(frozen=True)
class Scope:
    """The roles one user holds, loaded once per request."""

    organisation_id: uuid.UUID | None
    organisation_roles: frozenset[str] = frozenset()
    branch_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    #: Names of the branches in branch_roles, read with the roles (the header shows them).
    branch_names: dict[int, str] = field(default_factory=dict)

    @property
    def is_board(self) -> bool:
        return bool(self.organisation_roles)

    def roles_at(self, branch_id: int | None) -> frozenset[str]:
        """Roles that count at a branch: the organisation-wide ones plus those held there."""
        if branch_id is None:
            return self.organisation_roles
        return self.organisation_roles | self.branch_roles.get(branch_id, frozenset())

    @property
    def all_roles(self) -> frozenset[str]:
        roles = set(self.organisation_roles)
        for held in self.branch_roles.values():
            roles |= held
        return frozenset(roles)

    def branches_with(self, roles) -> set[int]:
        return {b for b, held in self.branch_roles.items() if held & set(roles)}


def scope_for(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return Scope(organisation_id=None)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    org_roles: set[str] = set()
    branch_roles: dict[int, set[str]] = {}
    branch_names: dict[int, str] = {}
    assignments = RoleAssignment.objects.for_organisation(user.organisation_id).filter(user=user)
    for role, branch_id, branch_name in assignments.values_list("role", "branch_id", "branch__name"):
        if role in ORGANISATION_ROLES:
            org_roles.add(role)
        else:
            branch_roles.setdefault(branch_id, set()).add(role)
            branch_names[branch_id] = branch_name
    scope = Scope(
        organisation_id=user.organisation_id,
        organisation_roles=frozenset(org_roles),
        branch_roles={b: frozenset(r) for b, r in branch_roles.items()},
        branch_names=branch_names,
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached roles (after a role change in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user, roles, *, branch: Branch | int | None = None) -> bool:
    """Does the user hold one of ``roles`` — at ``branch``, or anywhere when no branch is given."""
    roles = {roles} if isinstance(roles, str) else set(roles)
    scope = scope_for(user)
    if branch is None:
        return bool(scope.all_roles & roles)
    branch_id = branch.pk if isinstance(branch, Branch) else branch
    return bool(scope.roles_at(branch_id) & roles)


def is_board(user) -> bool:
    return scope_for(user).is_board


# --- branches, departments, classes ------------------------------------------------
def branches_for(user) -> QuerySet[Branch]:
    scope = scope_for(user)
    if scope.organisation_id is None:
        return Branch.objects.none()
    qs = Branch.objects.for_organisation(scope.organisation_id)
    return qs if scope.is_board else qs.filter(pk__in=scope.branch_roles.keys())


def get_branch_for_user(user, branch_id) -> Branch:
    return get_or_404(branches_for(user), branch_id)


def departments_for(user) -> QuerySet[Department]:
    return Department.objects.filter(branch__in=branches_for(user)).for_organisation(
        scope_for(user).organisation_id or _NO_ORG
    )


def get_department_for_user(user, department_id) -> Department:
    return get_or_404(departments_for(user), department_id)


def classes_for(user) -> QuerySet[SchoolClass]:
    """Class lists are visible to anyone who works at the branch (names and mentors only)."""
    scope = scope_for(user)
    if scope.organisation_id is None:
        return SchoolClass.objects.none()
    qs = SchoolClass.objects.for_organisation(scope.organisation_id)
    return qs if scope.is_board else qs.filter(branch_id__in=scope.branch_roles.keys())


def get_class_for_user(user, class_id) -> SchoolClass:
    return get_or_404(classes_for(user), class_id)


def current_mentored_classes(user) -> QuerySet[ClassMentor]:
    """The classes a user mentors this school year. Last year's mentor no longer sees the
    class: its information passes to the new mentor (seed 000 §5.4)."""
    today = timezone.localdate()
    return ClassMentor.objects.for_organisation(user.organisation_id).filter(
        mentor=user, school_class__school_year__starts_on__lte=today, school_class__school_year__ends_on__gte=today
    )


# --- students --------------------------------------------------------------------
def students_for(user) -> QuerySet[Student]:
    """Students whose record this user may read (see the module docstring)."""
    scope = scope_for(user)
    if scope.organisation_id is None:
        return Student.objects.none()
    qs = Student.objects.for_organisation(scope.organisation_id)
    if board_wide(user, Permission.READ_STUDENTS):
        return qs
    visible = Q(branch_id__in=branch_ids_where(user, Permission.READ_STUDENTS))
    if held_for_own(user, Permission.READ_STUDENTS):
        visible |= Q(enrolments__school_class__in=current_mentored_classes(user).values("school_class"))
    granted = get_objects_for_user(
        user, "people.view_student", klass=qs, accept_global_perms=False, with_superuser=False
    )
    visible |= Q(pk__in=granted.values("pk"))
    return qs.filter(visible).distinct()


def get_student_for_user(user, student_id) -> Student:
    return get_or_404(students_for(user), student_id)


def grant_student_access(*, student: Student, user: User) -> None:
    """Share one student record with one member of staff of the same organisation."""
    if user.organisation_id != student.organisation_id:
        raise Http404
    assign_perm("people.view_student", user, student)


# --- staff and roles ---------------------------------------------------------------
def role_assignments_for(user) -> QuerySet[RoleAssignment]:
    """Board roles see every role; management and coordinators their branch; others their own."""
    scope = scope_for(user)
    if scope.organisation_id is None:
        return RoleAssignment.objects.none()
    qs = RoleAssignment.objects.for_organisation(scope.organisation_id)
    if board_wide(user, Permission.READ_STAFF):
        return qs
    overseen = branch_ids_where(user, Permission.READ_STAFF)
    return qs.filter(Q(branch_id__in=overseen) | Q(user=user))


def can_manage_roles(user, *, branch: Branch | None) -> bool:
    """Board management grants any role; branch management grants branch roles at its branch."""
    if board_wide(user, Permission.MANAGE_STAFF):
        return True
    return branch is not None and has_permission(user, Permission.MANAGE_STAFF, branch=branch)


# --- helpers ---------------------------------------------------------------------------
_NO_ORG = "00000000-0000-0000-0000-000000000000"


def get_or_404(qs: QuerySet, pk):
    """``qs.get(pk=…)`` or 404 — THE way every access helper turns an id into an object: an
    id that is no ASCII number in range (``people.ids.parse_id``), of another tenant or out
    of the user's reach is the same 404, so nothing tells them apart (never a 500)."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        return qs.get(pk=number)
    except qs.model.DoesNotExist:
        raise Http404 from None
