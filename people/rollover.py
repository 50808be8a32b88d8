"""A new school year: its classes, students moving up, leavers, and new mentors.

The steps: the user picks a branch, the year that ends and the new year's name and dates;
every class of the ending year gets a proposed successor (its name with the year number
one up: 2B → 3B, grade + 1) which the user confirms or changes, marks as leaving (its
students are marked ``left_on``), and gives a mentor. ``rollover_plan`` shows what would be
written, with the warnings of higher layers (incidents adds keep-apart: a target and a bully
of a recent case in the same new class, seed 000 §5.4); ``rollover_apply`` writes exactly
that plan in one transaction, then lets higher layers hand over (incidents passes open
cases to the new mentor). People may not import incidents, hence the two hook lists.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import NO_CLIENT, AuditContext, audit_log
from .hooks import Hook
from .models import (
    AuditEvent,
    Branch,
    ClassMentor,
    Enrolment,
    RoleAssignment,
    SchoolClass,
    SchoolYear,
    Student,
    User,
)
from .permissions import Permission, branches_where
from .roles import Role
from .statistics import STUDENT_TABLES, analyze_after_commit

STALE = gettext_lazy("De gegevens zijn veranderd sinds de voorvertoning. Bekijk de nieuwe voorvertoning en voer haar opnieuw door.")


@dataclass(frozen=True)
class ClassMove:
    """What becomes of one class of the ending year: a class of the new year, or leavers."""

    old_class_id: int
    new_name: str = ""
    leaves: bool = False
    mentor_id: int | None = None


@dataclass(frozen=True)
class Placement:
    student_id: int
    student_name: str
    old_class: str
    new_class: str  # "" for a leaver


@dataclass(frozen=True)
class RolloverWarning:
    class_name: str
    message: str


@dataclass
class NewClass:
    name: str
    grade: int | None
    department_id: int | None
    mentor_ids: list[int]
    from_classes: list[str]
    existing_id: int | None = None
    students: int = 0


@dataclass
class RolloverPlan:
    organisation_id: str
    branch: Branch
    source_year: SchoolYear
    name: str
    starts_on: dt.date
    ends_on: dt.date
    existing_year: SchoolYear | None
    #: cases opened on or after this day count for keep-apart ("the last two school years")
    history_since: dt.date
    classes: list[NewClass] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    leavers: list[Placement] = field(default_factory=list)
    #: students already in a class of the new year (left as they are)
    already_placed: dict[int, str] = field(default_factory=dict)
    warnings: list[RolloverWarning] = field(default_factory=list)

    def members(self) -> dict[str, set[int]]:
        """New class name → the students who will be in it (planned and already placed)."""
        groups: dict[str, set[int]] = {}
        for p in self.placements:
            groups.setdefault(p.new_class, set()).add(p.student_id)
        for student_id, class_name in self.already_placed.items():
            groups.setdefault(class_name, set()).add(student_id)
        return groups

    def digest(self) -> str:
        payload = [self.branch.pk, self.source_year.pk, self.name, str(self.starts_on), str(self.ends_on),
                   [(c.name, c.grade, c.mentor_ids, c.existing_id) for c in self.classes],
                   [(p.student_id, p.new_class) for p in self.placements],
                   [p.student_id for p in self.leavers], sorted(self.already_placed.items())]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


#: Checks of a proposed placement: ``check(plan) -> list[RolloverWarning]`` (incidents: keep-apart).
PLACEMENT_CHECKS: Hook[Callable[[RolloverPlan], list[RolloverWarning]]] = Hook("rollover placement checks")
#: Run after a rollover is written, in its transaction:
#: ``hook(*, plan, moves: list[(student_id, old_class_id, new_class_id)], acting_user, audit)``.
HANDOVER_HOOKS: Hook[Callable[..., None]] = Hook("rollover hand-overs")


# --- who may ---------------------------------------------------------------------------
def rollover_branches(user):
    """Branch management for its branch, board management for every branch."""
    return branches_where(user, Permission.ROLLOVER)


def can_rollover(user, branch=None) -> bool:
    branches = rollover_branches(user)
    return branches.filter(pk=branch.pk).exists() if branch is not None else branches.exists()


# --- proposals ---------------------------------------------------------------------------
def next_class_name(name: str) -> str:
    """2B → 3B, H2a → H3a, 1-vwo → 2-vwo: the first number one up (the name when it has none)."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), name, count=1)


def next_year_defaults(source: SchoolYear) -> tuple[str, dt.date, dt.date]:
    match = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{4})", source.name.strip())
    name = f"{int(match[1]) + 1}-{int(match[2]) + 1}" if match else ""
    starts = source.ends_on + dt.timedelta(days=1)
    try:
        ends = source.ends_on.replace(year=source.ends_on.year + 1)
    except ValueError:  # 29 February
        ends = source.ends_on + dt.timedelta(days=365)
    return name, starts, ends


def source_classes(*, branch: Branch, source_year: SchoolYear):
    return (SchoolClass.objects.for_organisation(branch.organisation_id)
            .filter(branch=branch, school_year=source_year).order_by("grade", "name"))


def default_moves(*, branch: Branch, source_year: SchoolYear) -> list[ClassMove]:
    """Every class one year up; a sixth-year class leaves (the user confirms or changes this)."""
    return [
        ClassMove(old_class_id=c.pk, new_name="" if c.grade == 6 else next_class_name(c.name), leaves=c.grade == 6)
        for c in source_classes(branch=branch, source_year=source_year)
    ]


def mentor_candidates(branch: Branch):
    """Staff with a role at the branch: who can mentor a new class."""
    ids = RoleAssignment.objects.for_organisation(branch.organisation_id).filter(branch=branch).values("user_id")
    return User.objects.filter(organisation_id=branch.organisation_id, pk__in=ids, is_active=True).order_by("full_name")


# --- plan ----------------------------------------------------------------------------------
def rollover_plan(*, acting_user, branch: Branch, source_year: SchoolYear, name: str, starts_on: dt.date,
                  ends_on: dt.date, moves: list[ClassMove]) -> RolloverPlan:
    """What the rollover would write, with warnings. Nothing is written."""
    if not can_rollover(acting_user, branch):
        raise PermissionDenied(_("Alleen de directie zet een nieuw schooljaar klaar."))
    org_id = branch.organisation_id
    name = (name or "").strip()
    errors = []
    if not name:
        errors.append(_("Geef het nieuwe schooljaar een naam, bijvoorbeeld 2027-2028."))
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        errors.append(_("Het schooljaar moet eindigen na de eerste dag."))
    elif starts_on <= source_year.starts_on:
        errors.append(_("Het nieuwe schooljaar moet na %(year)s beginnen.") % {"year": source_year.name})
    existing = SchoolYear.objects.for_organisation(org_id).filter(name=name).first() if name else None
    if existing is not None and existing.pk == source_year.pk:
        errors.append(_("Kies een ander schooljaar dan het jaar dat eindigt."))
    elif existing is not None and (existing.starts_on, existing.ends_on) != (starts_on, ends_on):
        errors.append(_("Schooljaar %(name)s bestaat al, van %(start)s tot %(end)s.") % {
            "name": name, "start": existing.starts_on.strftime("%d-%m-%Y"), "end": existing.ends_on.strftime("%d-%m-%Y")})
    old_classes = {c.pk: c for c in source_classes(branch=branch, source_year=source_year)}
    candidates = set(mentor_candidates(branch).values_list("pk", flat=True))
    for move in moves:
        if move.old_class_id not in old_classes:
            errors.append(_("Deze klas hoort niet bij %(year)s van deze vestiging.") % {"year": source_year.name})
            continue
        old = old_classes[move.old_class_id]
        if not move.leaves and not move.new_name.strip():
            errors.append(_("Klas %(name)s: geef de nieuwe klas een naam of kies ‘verlaat de school’.") % {"name": old.name})
        if len(move.new_name.strip()) > 40:
            errors.append(_("Klas %(name)s: de nieuwe naam is langer dan 40 tekens.") % {"name": old.name})
        if move.mentor_id is not None and move.mentor_id not in candidates:
            errors.append(_("Klas %(name)s: kies een mentor die op deze vestiging werkt.") % {"name": old.name})
    if errors:
        raise ValidationError(errors)

    earlier = (SchoolYear.objects.for_organisation(org_id).filter(starts_on__lt=source_year.starts_on)
               .order_by("-starts_on").values_list("starts_on", flat=True).first())
    plan = RolloverPlan(
        organisation_id=str(org_id), branch=branch, source_year=source_year, name=name, starts_on=starts_on,
        ends_on=ends_on, existing_year=existing,
        history_since=earlier or source_year.starts_on.replace(year=source_year.starts_on.year - 1),
    )
    existing_classes = {}
    if existing is not None:
        existing_classes = {c.name.strip().lower(): c for c in SchoolClass.objects.for_organisation(org_id).filter(
            branch=branch, school_year=existing)}
        for student_id, class_name in Enrolment.objects.for_organisation(org_id).filter(
                school_year=existing, school_class__branch=branch).values_list("student_id", "school_class__name"):
            plan.already_placed[student_id] = class_name
    by_name: dict[str, NewClass] = {}
    move_of = {m.old_class_id: m for m in moves}
    for old_id, old in old_classes.items():
        move = move_of.get(old_id) or ClassMove(old_class_id=old_id, new_name=next_class_name(old.name))
        if move.leaves:
            continue
        key = move.new_name.strip().lower()
        if key not in by_name:
            found = existing_classes.get(key)
            by_name[key] = NewClass(
                name=found.name if found else move.new_name.strip(), grade=(old.grade + 1) if old.grade else None,
                department_id=old.department_id, mentor_ids=[], from_classes=[], existing_id=getattr(found, "pk", None),
            )
        target = by_name[key]
        target.from_classes.append(old.name)
        if move.mentor_id and move.mentor_id not in target.mentor_ids:
            target.mentor_ids.append(move.mentor_id)
    plan.classes = sorted(by_name.values(), key=lambda c: (c.grade or 0, c.name))

    enrolments = (Enrolment.objects.for_organisation(org_id)
                  .filter(school_class_id__in=old_classes, student__left_on__isnull=True)
                  .select_related("student").order_by("student__last_name", "student__first_name", "student_id"))
    for e in enrolments:
        move = move_of.get(e.school_class_id) or ClassMove(old_class_id=e.school_class_id,
                                                          new_name=next_class_name(old_classes[e.school_class_id].name))
        old_name = old_classes[e.school_class_id].name
        if e.student_id in plan.already_placed:
            continue
        if move.leaves:
            plan.leavers.append(Placement(e.student_id, e.student.full_name, old_name, ""))
        else:
            new = by_name[move.new_name.strip().lower()]
            new.students += 1
            plan.placements.append(Placement(e.student_id, e.student.full_name, old_name, new.name))
    for check in PLACEMENT_CHECKS:
        plan.warnings.extend(check(plan))
    return plan


# --- apply ----------------------------------------------------------------------------------
def rollover_apply(*, acting_user, expected_digest: str, audit: AuditContext | None = None, **params) -> tuple[RolloverPlan, SchoolYear]:
    """Write exactly the plan that was shown (re-planned and compared), in one transaction."""
    with transaction.atomic():
        plan = rollover_plan(acting_user=acting_user, **params)
        if plan.digest() != expected_digest:
            raise ValidationError(STALE)
        org_id = plan.organisation_id
        year = plan.existing_year
        if year is None:
            year = SchoolYear(organisation_id=org_id, name=plan.name, starts_on=plan.starts_on, ends_on=plan.ends_on)
            year.full_clean(validate_unique=False)
            year.save()
            audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=year, audit=audit, source="rollover")
        class_ids: dict[str, int] = {}
        held = set(RoleAssignment.objects.for_organisation(org_id).filter(
            role=Role.MENTOR, branch=plan.branch).values_list("user_id", flat=True))
        for new in plan.classes:
            if new.existing_id is None:
                school_class = SchoolClass.objects.create(
                    organisation_id=org_id, branch=plan.branch, school_year=year, name=new.name, grade=new.grade,
                    department_id=new.department_id)
                audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=school_class, audit=audit,
                          source="rollover", from_classes=new.from_classes)
            else:
                school_class = SchoolClass.objects.for_organisation(org_id).get(pk=new.existing_id)
            class_ids[new.name] = school_class.pk
            linked = set(ClassMentor.objects.for_organisation(org_id).filter(school_class=school_class)
                         .values_list("mentor_id", flat=True))
            for mentor_id in new.mentor_ids:
                if mentor_id in linked:
                    continue
                link = ClassMentor.objects.create(organisation_id=org_id, school_class=school_class, mentor_id=mentor_id)
                audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=link, audit=audit, source="rollover")
                if mentor_id not in held:
                    # A mentor needs the mentor role at the branch to see their class (people.access).
                    grant = RoleAssignment.objects.create(organisation_id=org_id, user_id=mentor_id, role=Role.MENTOR,
                                                          branch=plan.branch)
                    held.add(mentor_id)
                    audit_log(action=AuditEvent.Action.ROLE_GRANTED, actor=acting_user, obj=grant, audit=audit,
                              user_id=mentor_id, role=Role.MENTOR, branch_id=plan.branch.pk)
        Enrolment.objects.bulk_create([
            Enrolment(organisation_id=org_id, student_id=p.student_id, school_class_id=class_ids[p.new_class],
                      school_year=year) for p in plan.placements
        ], batch_size=1000)
        leaver_ids = [p.student_id for p in plan.leavers]
        Student.objects.for_organisation(org_id).filter(pk__in=leaver_ids, left_on__isnull=True).update(
            left_on=plan.source_year.ends_on)
        ip, actor = (audit or NO_CLIENT).row_fields(), acting_user if getattr(acting_user, "is_authenticated", False) else None
        AuditEvent.objects.bulk_create([
            AuditEvent(organisation_id=org_id, actor=actor, action=AuditEvent.Action.UPDATE, object_type="people.student",
                       object_id=str(pk), **ip, detail={"source": "rollover", "left_on": str(plan.source_year.ends_on)})
            for pk in leaver_ids
        ] + [
            AuditEvent(organisation_id=org_id, actor=actor, action=AuditEvent.Action.UPDATE, object_type="people.student",
                       object_id=str(p.student_id), **ip,
                       detail={"source": "rollover", "school_year": year.name, "class": p.new_class})
            for p in plan.placements
        ], batch_size=1000)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=year, audit=audit, source="rollover",
                  branch_id=plan.branch.pk, from_year=plan.source_year.name, moved=len(plan.placements),
                  left=len(plan.leavers), classes=len(plan.classes), warnings=len(plan.warnings))
        old_class_of = dict(Enrolment.objects.for_organisation(org_id).filter(
            school_year=plan.source_year, student_id__in=[p.student_id for p in plan.placements]
        ).values_list("student_id", "school_class_id"))
        moves = [(p.student_id, old_class_of.get(p.student_id), class_ids[p.new_class]) for p in plan.placements]
        for hook in HANDOVER_HOOKS:
            hook(plan=plan, school_year=year, moves=moves, acting_user=acting_user, audit=audit)
        analyze_after_commit(STUDENT_TABLES)  # a whole branch's enrolments at once (people.statistics)
    return plan, year
