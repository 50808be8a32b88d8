"""Hand-over to the next school year's mentor (seed 000 §5.4: "bij de overdracht naar een
volgend leerjaar wordt de informatie overgedragen aan de nieuwe mentor").

* ``keep_apart_check``: a target and a bully of a case opened in the last two school years
  placed in the same new class → a warning, shown in the rollover preview (people.rollover
  calls it through PLACEMENT_CHECKS) and on the hand-over page.
* ``cases_hand_over``: after a rollover, each open case whose mentor was a mentor of the
  target's old class passes to the mentor of the new class (incidents.services), and the
  new mentors are told their hand-over list is ready.
* ``handover_classes_for`` / ``class_handover``: the hand-over list. The new mentor sees
  their new students' open cases and case history from the day the new class exists,
  before the new school year starts (only then does incidents.access show them the cases
  themselves); the anti-bullying coordinator and management see it for their branch.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people import access as people_access
from people import rollover
from people.audit import AuditContext, audit_log
from people.context_processors import NAV_EXTENSIONS
from people.models import AuditEvent, ClassMentor, Enrolment, SchoolClass, SchoolYear, Student
from people.notifications import notify
from people.permissions import Permission, board_wide, branch_ids_where, has_permission
from protocol import vocabulary as v
from protocol.definitions import get_definition

from . import access, services
from .models import Case, Participant
from .vocab import lang

KEEP_APART_YEARS = 2


# --- keep apart ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KeepApart:
    class_name: str
    target: Student
    bully: Student
    case: Case

    @property
    def message(self) -> str:
        return _(
            "Klas %(klas)s: %(target)s en %(bully)s waren slachtoffer en pester in zaak %(ref)s (geopend %(date)s). "
            "Plaats hen liever niet in dezelfde klas, of maak afspraken met de nieuwe mentor."
        ) % {"klas": self.class_name, "target": self.target.full_name, "bully": self.bully.full_name,
             "ref": self.case.reference, "date": timezone.localtime(self.case.opened_at).strftime("%d-%m-%Y")}


def keep_apart(organisation_id, groups: dict[str, set[int]], since: dt.date) -> list[KeepApart]:
    """For each group of students (a class): pairs who were target and bully in a case opened since ``since``."""
    everyone = set().union(*groups.values()) if groups else set()
    if not everyone:
        return []
    since_at = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    rows = (Participant.objects.for_organisation(organisation_id)
            .filter(student_id__in=everyone, role__in=(v.ParticipantRole.TARGET, v.ParticipantRole.BULLY),
                    case__opened_at__gte=since_at)
            .select_related("case", "student").order_by("case__opened_at", "id"))
    by_case: dict[int, dict[str, dict[int, Student]]] = {}
    cases: dict[int, Case] = {}
    for p in rows:
        cases[p.case_id] = p.case
        by_case.setdefault(p.case_id, {}).setdefault(p.role, {})[p.student_id] = p.student
    found = []
    for class_name, members in sorted(groups.items()):
        for case_id, parts in by_case.items():
            targets = {k: s for k, s in parts.get(v.ParticipantRole.TARGET, {}).items() if k in members}
            bullies = {k: s for k, s in parts.get(v.ParticipantRole.BULLY, {}).items() if k in members}
            for t_id, target in targets.items():
                for b_id, bully in bullies.items():
                    if t_id != b_id:
                        found.append(KeepApart(class_name, target, bully, cases[case_id]))
    return found


def keep_apart_check(plan: rollover.RolloverPlan) -> list[rollover.RolloverWarning]:
    """people.rollover.PLACEMENT_CHECKS: warnings for the proposed new classes."""
    return [rollover.RolloverWarning(class_name=w.class_name, message=w.message)
            for w in keep_apart(plan.organisation_id, plan.members(), plan.history_since)]


def _history_since(school_year) -> dt.date:
    starts = list(SchoolYear.objects.for_organisation(school_year.organisation_id)
                  .filter(starts_on__lt=school_year.starts_on).order_by("-starts_on")
                  .values_list("starts_on", flat=True)[:KEEP_APART_YEARS])
    if len(starts) == KEEP_APART_YEARS:
        return starts[-1]
    return school_year.starts_on.replace(year=school_year.starts_on.year - KEEP_APART_YEARS)


# --- cases pass to the new mentor ------------------------------------------------------------
def cases_hand_over(*, plan, school_year, moves, acting_user, audit: AuditContext | None = None) -> int:
    """people.rollover.HANDOVER_HOOKS: open cases about a moved target go to the new mentor."""
    org_id = plan.organisation_id
    if not moves:
        return 0
    new_class_of = {student_id: new_id for student_id, _old, new_id in moves}
    old_class_of = {student_id: old_id for student_id, old_id, _new in moves}
    class_ids = set(new_class_of.values()) | {c for c in old_class_of.values() if c}
    mentors: dict[int, list] = {}
    for link in (ClassMentor.objects.for_organisation(org_id).filter(school_class_id__in=class_ids)
                 .select_related("mentor").order_by("id")):
        mentors.setdefault(link.school_class_id, []).append(link.mentor)
    targets = (Participant.objects.for_organisation(org_id)
               .filter(student_id__in=new_class_of, role=v.ParticipantRole.TARGET, case__is_closed=False)
               .select_related("case", "case__coordinator", "case__mentor").order_by("case_id", "id"))
    moved = 0
    done: set[int] = set()
    for p in targets:
        case = p.case
        if case.pk in done:
            continue
        new_mentors = mentors.get(new_class_of[p.student_id], [])
        old_mentor_ids = {m.pk for m in mentors.get(old_class_of.get(p.student_id), [])}
        if not new_mentors or (case.mentor_id is not None and case.mentor_id not in old_mentor_ids):
            continue  # no new mentor yet, or the case has a mentor of its own choosing
        if case.mentor_id == new_mentors[0].pk:
            continue
        if not access.can_triage_signals(acting_user, branch=case.branch_id):
            continue
        services.case_update_people(case=case, acting_user=acting_user, mentor=new_mentors[0],
                                    coordinator=case.coordinator, audit=audit)
        done.add(case.pk)
        moved += 1
    new_mentors = {m.pk: m for new_id in set(new_class_of.values()) for m in mentors.get(new_id, [])}
    if new_mentors:
        notify(organisation=org_id, recipients=new_mentors.values(), kind="handover",
               dedupe_key=f"handover:{school_year.pk}", title=_("Overdracht voor het nieuwe schooljaar"),
               body=_("U bent mentor in %(year)s. Bekijk wat u over uw nieuwe leerlingen moet weten.") % {"year": school_year.name},
               url=reverse("incidents:handover"))
    return moved


# --- the hand-over list -----------------------------------------------------------------------
def handover_classes_for(user) -> QuerySet[SchoolClass]:
    """Classes of this or a coming school year whose hand-over list this user may read."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return SchoolClass.objects.none()
    today = timezone.localdate()
    qs = SchoolClass.objects.for_organisation(scope.organisation_id).filter(school_year__ends_on__gte=today)
    if board_wide(user, Permission.READ_HANDOVER):
        return qs
    visible = Q(branch_id__in=branch_ids_where(user, Permission.READ_HANDOVER))
    visible |= Q(pk__in=ClassMentor.objects.for_organisation(scope.organisation_id).filter(mentor=user).values("school_class"))
    return qs.filter(visible)


def get_handover_class_for_user(user, class_id) -> SchoolClass:
    return people_access.get_or_404(handover_classes_for(user).select_related("branch", "school_year"), class_id)


@dataclass
class CaseLine:
    case: Case
    role_label: str
    step_label: str
    visible: bool  # may the reader open the case page now (incidents.access)


@dataclass
class StudentHandover:
    student: Student
    previous_class: str = ""
    previous_mentors: list[str] = field(default_factory=list)
    open_cases: list[CaseLine] = field(default_factory=list)
    closed_cases: list[CaseLine] = field(default_factory=list)


@dataclass
class ClassHandover:
    school_class: SchoolClass
    mentors: list
    students: list[StudentHandover]
    warnings: list[KeepApart]

    @property
    def with_cases(self) -> list[StudentHandover]:
        return [s for s in self.students if s.open_cases or s.closed_cases]


def class_handover(user, school_class: SchoolClass, audit: AuditContext | None = None) -> ClassHandover:
    """The hand-over list of one class (the reader was checked by get_handover_class_for_user). Audited."""
    org_id = school_class.organisation_id
    students = list(Student.objects.for_organisation(org_id).filter(enrolments__school_class=school_class)
                    .order_by("last_name", "first_name", "pk"))
    ids = [s.pk for s in students]
    lines = {s.pk: StudentHandover(student=s) for s in students}
    # The class each student was in the year before, and its mentors.
    previous = (Enrolment.objects.for_organisation(org_id)
                .filter(student_id__in=ids, school_year__starts_on__lt=school_class.school_year.starts_on)
                .select_related("school_class").order_by("student_id", "-school_year__starts_on"))
    prev_class: dict[int, SchoolClass] = {}
    for e in previous:
        prev_class.setdefault(e.student_id, e.school_class)
    prev_mentors: dict[int, list[str]] = {}
    for link in ClassMentor.objects.for_organisation(org_id).filter(
            school_class_id__in={c.pk for c in prev_class.values()}).select_related("mentor"):
        prev_mentors.setdefault(link.school_class_id, []).append(link.mentor.full_name)
    for student_id, c in prev_class.items():
        lines[student_id].previous_class = c.name
        lines[student_id].previous_mentors = sorted(prev_mentors.get(c.pk, []))
    visible = set(access.cases_for(user).filter(participants__student_id__in=ids).values_list("pk", flat=True))
    language = lang()
    for p in (Participant.objects.for_organisation(org_id).filter(student_id__in=ids)
              .select_related("case").order_by("-case__opened_at", "id")):
        case = p.case
        try:
            step_label = get_definition(case.protocol_key, case.protocol_version).step(case.step).label.get(language)
        except Exception:  # an unknown protocol version must not hide the rest of the list
            step_label = case.step
        line = CaseLine(case=case, role_label=p.get_role_display(), step_label=step_label, visible=case.pk in visible)
        (lines[p.student_id].closed_cases if case.is_closed else lines[p.student_id].open_cases).append(line)
    warnings = keep_apart(org_id, {school_class.name: set(ids)}, _history_since(school_class.school_year))
    audit_log(action=AuditEvent.Action.READ, actor=user, obj=school_class, audit=audit, view="handover",
              students=len(ids))
    return ClassHandover(school_class=school_class, mentors=list(school_class.mentors.all()),
                         students=list(lines.values()), warnings=warnings)


def _sees_handover(scope) -> bool:
    return has_permission(scope, Permission.READ_HANDOVER)


def register() -> None:
    """Join people.rollover's hooks and the main menu (called from IncidentsConfig.ready())."""
    NAV_EXTENSIONS.register(("incidents:handover", gettext_lazy("Overdracht"), _sees_handover))
    rollover.PLACEMENT_CHECKS.register(keep_apart_check)
    rollover.HANDOVER_HOOKS.register(cases_hand_over)
