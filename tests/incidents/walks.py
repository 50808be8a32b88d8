"""Helpers for walking cases through the protocols with the real services on given days."""
from __future__ import annotations

import datetime as dt

import time_machine

from incidents import services
from incidents.services import SignalStudentInput
from people.roles import Role
from protocol import vocabulary as v
from protocol.calendar_services import calendar_configure
from tests import factories as f

from .helpers import advance, record


def on(day: str, hour: int = 10):
    """Travel to ``day`` (ISO) at ``hour`` o'clock UTC, clock stopped."""
    d = dt.date.fromisoformat(day)
    return time_machine.travel(dt.datetime(d.year, d.month, d.day, hour, tzinfo=dt.UTC), tick=False)


def use_region(board, region: str) -> None:
    """The board counts on the government's holidays of ``region`` (noord for Friesland)."""
    with board.tenant():
        calendar_configure(organisation=board.organisation, region=region, acting_user=board_management(board))


def signal_about(board, *, bully=None, bully_description="", forms=("verbal",), by=None):
    """A signal about ``board.student``; the bully a student, a description, or nobody."""
    students = [SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=board.student.pk)]
    if bully is not None:
        students.append(SignalStudentInput(role=v.ParticipantRole.BULLY, student_id=bully.pk))
    elif bully_description:
        students.append(SignalStudentInput(role=v.ParticipantRole.BULLY, description=bully_description))
    with board.tenant():
        return services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=by or board.mentor,
            description="Wordt gepest.", forms=list(forms), students=students,
        )


def open_about(board, *, criminal_offence=None, **kwargs):
    signal = signal_about(board, **kwargs)
    with board.tenant():
        # Several cases about one target in one test: each says why (a second case needs a reason).
        return services.case_open(signal=signal, acting_user=board.coordinator, criminal_offence=criminal_offence,
                                  second_case_reason="Een andere pestsituatie.")


def add_participant(board, case, role, *, student=None, description="", other_school=""):
    with board.tenant():
        return services.participant_add(case=case, acting_user=board.mentor, role=role, student=student,
                                        description=description, other_school=other_school)


def new_student(board, school_class=None):
    return f.EnrolmentFactory(school_class=school_class or board.school_class).student


def support_group(board, case, *, bullies: int, others: int):
    """Support-group members; the first ``bullies`` also followers in the case."""
    members = []
    for i in range(bullies + others):
        student = new_student(board)
        if i < bullies:
            add_participant(board, case, v.ParticipantRole.FOLLOWER, student=student)
        members.append(add_participant(board, case, v.ParticipantRole.SUPPORT_GROUP_MEMBER, student=student))
    return members


def management(board):
    return board.management


def board_management(board):
    return f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)


__all__ = ["advance", "record", "on", "use_region", "signal_about", "open_about", "add_participant", "new_student",
           "support_group", "management", "board_management"]
