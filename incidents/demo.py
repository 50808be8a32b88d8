"""Demo dossiers for the demo boards, so a newcomer finds something to click through.

Made with the real services as the demo staff (so the protocol, audit trail and
follow-ups are exactly what real use produces). Idempotent: a board that already has
signals gets nothing new.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from people.models import ClassMentor, Student, User
from protocol import vocabulary as v
from protocol.selectors import protocol_for_new_cases

from . import services
from .followups import followups_sync
from .models import Case, FollowUp, Signal
from .services import SignalStudentInput


def _user(board, local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{board.email_domain}").first()


def demo_dossiers(*, organisation, board) -> None:
    if Signal.objects.for_organisation(organisation).exists():
        return
    mentor, coordinator = _user(board, "mentor"), _user(board, "coordinator")
    link = ClassMentor.objects.for_organisation(organisation).filter(mentor=mentor).select_related("school_class").first()
    if not (mentor and coordinator and link):
        return
    branch = link.school_class.branch
    # Targets from the demo mentor's own class (so the mentor sees the cases), the
    # students they name as bullies from other classes of the branch.
    targets = list(
        Student.objects.for_organisation(organisation)
        .filter(enrolments__school_class=link.school_class)
        .order_by("last_name", "first_name")[:3]
    )
    bullies = list(
        Student.objects.for_organisation(organisation)
        .filter(branch=branch)
        .exclude(enrolments__school_class=link.school_class)
        .order_by("last_name", "first_name")[:3]
    )
    if len(targets) < 3 or len(bullies) < 3:
        return
    students = [targets[0], bullies[0], targets[1], bullies[1], targets[2], bullies[2]]

    def signal(target, bully, text, forms):
        return services.signal_create(
            organisation=organisation, branch=branch, reported_by=mentor, description=text, forms=forms,
            students=[SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=target.pk),
                      SignalStudentInput(role=v.ParticipantRole.BULLY, student_id=bully.pk)],
        )

    # 1. A new signal waiting for the coordinator.
    signal(students[0], students[1], "Wordt in de groepsapp van de klas steeds buitengesloten en belachelijk gemaakt.",
           [v.BullyingForm.DIGITAL, v.BullyingForm.SOCIAL_EXCLUSION])
    # 2. A case at its first step.
    first = signal(students[2], students[3], "Wordt in de kantine uitgescholden en geduwd.",
                   [v.BullyingForm.VERBAL, v.BullyingForm.PHYSICAL])
    # Pushing and hidden things may be offences (footnote 16); the coordinator decided not.
    services.case_open(signal=first, acting_user=coordinator, title="Uitschelden en duwen in de kantine",
                       criminal_offence=False)
    # 3. On the six-step protocol: a case in its four weeks of monitoring, overdue, so the
    #    follow-up dashboard has something to show.
    if protocol_for_new_cases(organisation).key != "six_step":
        return
    third = signal(students[4], students[5], "Spullen van de leerling worden steeds verstopt of kapotgemaakt.",
                   [v.BullyingForm.MATERIAL])
    case = services.case_open(signal=third, acting_user=coordinator, title="Spullen verstopt en kapot",
                              criminal_offence=False)
    for kind, attrs in [
        (v.RecordKind.CONVERSATION, {"with": "target"}),
        (v.RecordKind.CONVERSATION, {"with": "bully"}),
    ]:
        services.entry_record(case=case, acting_user=mentor, kind=kind, attrs=attrs, text="Gesprek gevoerd (demo).")
    case = services.case_transition(case=case, acting_user=coordinator, transition_key="record_agreements",
                                    expected_step=case.step)
    for kind, attrs, text in [
        (v.RecordKind.AGREEMENT, {}, "Spullen van anderen laat je met rust; elke vrijdag kort bijpraten met de mentor."),
        (v.RecordKind.HEAD_OF_DEPARTMENT_INFORMED, {}, ""),
        (v.RecordKind.PARENTS_INFORMED, {"party": "target_parents", "method": "telefoon"}, ""),
        (v.RecordKind.PARENTS_INFORMED, {"party": "bully_parents", "method": "telefoon"}, ""),
    ]:
        services.entry_record(case=case, acting_user=mentor, kind=kind, attrs=attrs, text=text)
    case = services.case_transition(case=case, acting_user=coordinator, transition_key="start_monitoring",
                                    expected_step=case.step)
    # Demo only: pretend monitoring began five weeks ago, so its term is already overdue.
    # The step's start moves back and the follow-up is made again from it, so the stored
    # due date is the one the protocol computes (one truth: incidents.deadlines).
    five_weeks_ago = timezone.now() - dt.timedelta(weeks=5)
    Case.objects.filter(pk=case.pk).update(step_entered_at=five_weeks_ago)
    case.refresh_from_db()
    FollowUp.objects.filter(case=case, status=FollowUp.Status.OPEN).delete()
    followups_sync(case, acting_user=coordinator)
