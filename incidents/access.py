"""Who may see and do what with signals, cases and their parts, built on the table of
``people.permissions`` (which role holds READ_CASES, WORK_ON_CASE, … and how far) plus what
comes on top of a role here: the case's own mentor, shares, authorship, exclusions.

* Board roles see every case of the organisation.
* Second-line roles (coordinator, counsellor, care coordinator, head of department,
  confidential adviser) and branch management see the cases of their branch.
* A mentor sees the cases they are the mentor of, and cases about students of the
  classes they mentor.
* Anyone else sees a case only when it was shared with them (a guardian grant), or
  because they reported one of its signals.
* Confidential notes: their author alone, whatever other role anyone holds.
* Conflict of interest: staff excluded from a case (CaseExclusion: a teacher who is a
  party, a relative) never see it, whatever role they hold — the case, its signals,
  evidence, letters, follow-ups, lists, search and exports all behave as for an outsider.
Another organisation's ids, and what a user may not see, give 404.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from people import access as people_access
from people.models import Enrolment
from people.permissions import (
    BOARD_SWITCHED,
    Permission,
    Reach,
    board_wide,
    branch_ids_where,
    has_permission,
    held_for_own,
    permissions_of,
)
from people.request_memo import forget, memoised
from people.roles import Role

from .models import (
    Case,
    CaseExclusion,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    ConfidentialNote,
    Evidence,
    Letter,
    Participant,
    Signal,
)


def cases_for(user) -> QuerySet[Case]:
    """The cases this user may see.

    Each way in is an EXISTS correlated on the case (participant by case, signal by case,
    grant by object id: all indexed), never a join over the organisation's pupils: for one
    case (the case page) PostgreSQL probes a few index entries, whatever the size of the
    board; for a list it may hash each subquery once. No join means no duplicate rows, so
    no ``pk IN (…)`` wrapper either."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return Case.objects.none()
    qs = Case.objects.for_organisation(scope.organisation_id)
    if board_wide(user, Permission.READ_CASES):
        return qs.filter(~_excluded(user))
    visible: Any = Q(mentor=user)  # Q | Exists | … combine into one condition
    branches = branch_ids_where(user, Permission.READ_CASES)
    if branches:
        visible |= Q(branch_id__in=branches)
    org_id = scope.organisation_id
    if held_for_own(user, Permission.READ_CASES):  # a mentor: cases about the students of their classes
        pupils = Enrolment.objects.for_organisation(org_id).filter(
            school_class__in=people_access.current_mentored_classes(user).values("school_class")
        )
        visible |= Exists(
            Participant.objects.for_organisation(org_id).filter(
                case=OuterRef("pk"), student_id__in=pupils.values("student_id")
            )
        )
    visible |= Exists(Signal.objects.for_organisation(org_id).filter(case=OuterRef("pk"), reported_by=user))
    # What get_objects_for_user(user, "incidents.view_case") reads: the user's own grants and
    # their groups' grants on this case.
    visible |= Exists(
        CaseUserObjectPermission.objects.filter(
            content_object=OuterRef("pk"), user=user, permission__codename="view_case",
            permission__content_type__app_label="incidents",
        )
    )
    visible |= Exists(
        CaseGroupObjectPermission.objects.filter(
            content_object=OuterRef("pk"), group__user=user, permission__codename="view_case",
            permission__content_type__app_label="incidents",
        )
    )
    return qs.filter(visible & ~_excluded(user))


def _excluded(user) -> Exists:
    """Is this user kept out of the case (conflict of interest)? Correlated on the case and
    indexed, like the ways in above."""
    return Exists(CaseExclusion.objects.filter(organisation_id=user.organisation_id, case=OuterRef("pk"), user_id=user.pk))


def excluded_case_ids(user) -> QuerySet:
    """The cases this user is kept out of (a subquery; conflict of interest)."""
    return CaseExclusion.objects.filter(organisation_id=user.organisation_id, user_id=user.pk).values("case_id")


def excluded_pairs(organisation_id, case_ids) -> set[tuple[int, int]]:
    """{(case id, user id)} of the exclusions on these cases, in one query (for scans
    that notify many people about many cases)."""
    return set(
        CaseExclusion.objects.for_organisation(organisation_id)
        .filter(case_id__in=case_ids).values_list("case_id", "user_id")
    )


def without_excluded(people, case_id: int, pairs: set[tuple[int, int]]) -> tuple:
    """These people minus those excluded from the case (nobody learns of it by notification)."""
    return tuple(p for p in people if p is not None and (case_id, p.pk) not in pairs)


def is_excluded(user, case: Case) -> bool:
    return CaseExclusion.objects.filter(organisation_id=case.organisation_id, case=case, user_id=user.pk).exists()


def get_case_for_user(user, case_id) -> Case:
    # The case page shows the branch, the mentor and the coordinator: one query, not four.
    return people_access.get_or_404(cases_for(user).select_related("branch", "mentor", "coordinator"), case_id)


#: What an adviser (the board coordinator when the board keeps that role advisory) records: advice.
ADVICE_KINDS = frozenset({"note"})


def board_coordinator_acts(organisation_id) -> bool:
    """Has the board let its board coordinator record in and move cases (BoardSettings)?"""
    from .models import BoardSettings

    return bool(
        BoardSettings.objects.for_organisation(organisation_id).values_list("board_coordinator_acts", flat=True).first()
    )


def mentors_students_in_case(user, case: Case) -> bool:
    """Does the user mentor, this school year, the class of a student in the case?"""
    classes = people_access.current_mentored_classes(user).values("school_class")
    return case.participants.filter(student__enrolments__school_class__in=classes).exists()


def case_roles(user, case: Case) -> frozenset[str]:
    """THE rule for working on a case: the roles in which ``user`` records in ``case`` and
    moves it to a next step; empty when they may at most read it.

    * the roles that hold WORK_ON_CASE (``people.permissions``) for the whole of the case's
      branch or board: coordinator, counsellor, care coordinator, head of department and
      management of the branch, board management;
    * the case's mentor, and the current mentor of a student in the case (WORK_ON_CASE with
      reach OWN): mentor;
    * the board coordinator only when the board's settings say so (``BOARD_SWITCHED``;
      otherwise advisory, seed 000 §2.1 and §2.3: reads and advises);
    * a member of staff the coordinator added to the case (``case_share``): teacher (first line);
    * nobody excluded from the case (conflict of interest), whatever they hold.

    Recording and transitions both ask this function (services, pages and API alike); the
    protocol engine then decides which of these roles may take which step. Holding the
    teacher or mentor role somewhere at the branch is not enough.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    # Several parts of one page ask (the record area, the next steps, the letters): once per request.
    return memoised((CASE_ROLES_MEMO, user.pk, case.pk, case.mentor_id), lambda: _case_roles(user, case))


CASE_ROLES_MEMO = "incidents.case_roles"


def _case_roles(user, case: Case) -> frozenset[str]:
    scope = people_access.scope_for(user)
    if scope.organisation_id is None or scope.organisation_id != case.organisation_id:
        return frozenset()
    if is_excluded(user, case):  # conflict of interest: nothing, whatever role they hold
        return frozenset()
    held = scope.roles_at(case.branch_id)
    reach = {role: permissions_of(role).get(Permission.WORK_ON_CASE) for role in held}
    roles = {role for role, r in reach.items() if r in (Reach.BRANCH, Reach.BOARD)}
    if _switched_on(held, Permission.WORK_ON_CASE, case.organisation_id):
        roles |= {role for role in held if Permission.WORK_ON_CASE in BOARD_SWITCHED.get(role, ())}
    own = {role for role, r in reach.items() if r is Reach.OWN}
    if case.mentor_id == user.pk:
        roles.add(Role.MENTOR)
    elif own and mentors_students_in_case(user, case):
        roles |= own
    if _added_to_case(user, case):
        roles.add(Role.TEACHER)
    return frozenset(roles)


def _added_to_case(user, case: Case) -> bool:
    """The object grant ``case_share`` gives (one query; guardian's has_perm would take two)."""
    from .models import CaseUserObjectPermission

    return CaseUserObjectPermission.objects.filter(
        organisation_id=case.organisation_id, content_object=case, user_id=user.pk, permission__codename="change_case"
    ).exists()


def _switched_on(held, perm: Permission, organisation_id) -> bool:
    """Does one of these roles hold ``perm`` only by its board's switch, and is it on?"""
    return any(perm in BOARD_SWITCHED.get(role, ()) for role in held) and board_coordinator_acts(organisation_id)


def roles_on_case(user, case: Case) -> frozenset[str]:
    """The staff roles that count for this user on this case (for the protocol engine)."""
    return case_roles(user, case)


def can_work_on_case(user, case: Case) -> bool:
    """May this user record in the case and move it on? (``case_roles`` decides.)"""
    return bool(case_roles(user, case))


def is_case_adviser(user, case: Case) -> bool:
    """The board coordinator while the board keeps the role advisory: reads and adds advice."""
    return has_permission(user, Permission.ADVISE_ON_CASE) and not can_work_on_case(user, case)


def can_record_on_case(user, case: Case, kind: str) -> bool:
    """Recording follows ``case_roles``; an adviser may add advice (a note) and nothing else."""
    return can_work_on_case(user, case) or (kind in ADVICE_KINDS and is_case_adviser(user, case))


def can_share_case(user, case: Case) -> bool:
    """The coordinator (or management) of the case's branch adds staff to a case."""
    scope = people_access.scope_for(user)
    if scope.organisation_id != case.organisation_id:
        return False
    return has_permission(user, Permission.SHARE_CASE, branch=case.branch_id) or _switched_on(
        scope.roles_at(case.branch_id), Permission.SHARE_CASE, case.organisation_id
    )


def share_case(*, case: Case, user, work: bool = False) -> None:
    """The object grant: read one case; with ``work`` (what ``case_share`` gives) also work on it."""
    if user.organisation_id != case.organisation_id or is_excluded(user, case):
        raise Http404
    assign_perm("incidents.view_case", user, case)
    if work:
        assign_perm("incidents.change_case", user, case)
    forget(CASE_ROLES_MEMO)


def unshare_case(*, case: Case, user) -> None:
    remove_perm("incidents.view_case", user, case)
    remove_perm("incidents.change_case", user, case)
    forget(CASE_ROLES_MEMO)


def shared_with(case: Case):
    """The staff added to this case by hand (the object grant), by name."""
    from django.contrib.auth import get_user_model

    from .models import CaseUserObjectPermission

    ids = CaseUserObjectPermission.objects.filter(
        content_object=case, permission__codename="change_case"
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("full_name")


def signals_for(user) -> QuerySet[Signal]:
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return Signal.objects.none()
    # A signal linked into a case someone is excluded from is hidden with the case.
    qs = Signal.objects.for_organisation(scope.organisation_id).exclude(case_id__in=excluded_case_ids(user))
    if board_wide(user, Permission.TRIAGE_SIGNALS):
        return qs
    visible = Q(branch_id__in=branch_ids_where(user, Permission.TRIAGE_SIGNALS)) | Q(reported_by=user)
    if held_for_own(user, Permission.READ_CASES):
        # The mentor is told of a signal about a student of their class (seed 002 ch. 1,
        # seed 000 ch. 2 "inlichten mentor") and may read it.
        classes = people_access.current_mentored_classes(user).values("school_class")
        visible |= Q(students__student__enrolments__school_class__in=classes)
    return qs.filter(pk__in=qs.filter(visible).values("pk"))


def get_signal_for_user(user, signal_id) -> Signal:
    return people_access.get_or_404(signals_for(user), signal_id)


def can_triage_signals(user, *, branch) -> bool:
    return has_permission(user, Permission.TRIAGE_SIGNALS, branch=branch)


def can_log_signal(user, *, branch) -> bool:
    """Anyone on staff at the branch (or a board role) can log a signal."""
    return has_permission(user, Permission.LOG_SIGNAL, branch=branch)


def evidence_for(user) -> QuerySet[Evidence]:
    return Evidence.objects.filter(entry__case__in=cases_for(user)).for_organisation(
        people_access.scope_for(user).organisation_id or _NO_ORG
    )


def get_evidence_for_user(user, evidence_id) -> Evidence:
    return people_access.get_or_404(evidence_for(user).select_related("entry__case"), evidence_id)


def letters_for(user) -> QuerySet[Letter]:
    return Letter.objects.filter(case__in=cases_for(user)).for_organisation(
        people_access.scope_for(user).organisation_id or _NO_ORG
    )


def get_letter_for_user(user, letter_id) -> Letter:
    return people_access.get_or_404(letters_for(user).select_related("case"), letter_id)


def confidential_notes_for(user, case: Case) -> QuerySet[ConfidentialNote]:
    """The confidential adviser's own notes on this case; nobody else's, ever."""
    qs = ConfidentialNote.objects.for_organisation(case.organisation_id).filter(case=case)
    return get_objects_for_user(
        user, "incidents.view_confidentialnote", klass=qs, accept_global_perms=False, with_superuser=False
    ).filter(author=user)


def can_write_confidential_note(user, case: Case) -> bool:
    return has_permission(user, Permission.KEEP_CONFIDENTIAL_NOTES, branch=case.branch_id)


_NO_ORG = "00000000-0000-0000-0000-000000000000"
