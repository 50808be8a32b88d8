"""Small helpers the dossier pages share."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError

from incidents import access
from people.permissions import Permission, has_permission
from protocol.definitions import get_definition

from ..vocab import lang


def step_label(case) -> tuple[str, str]:
    """(number, label) of a case's current step, from the definition it runs under (no query)."""
    step = get_definition(case.protocol_key, case.protocol_version).step(case.step)
    return step.number, step.label.get(lang())


def step_text(case) -> str:
    number, text = step_label(case)
    return f"{number}. {text}" if number else text


def is_case_worker(user, case) -> bool:
    """Records, corrects and adds participants (the services check the same rule)."""
    return access.can_work_on_case(user, case)


def can_triage_somewhere(user) -> bool:
    return has_permission(user, Permission.TRIAGE_SIGNALS)


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@dataclass
class CaseRow:
    """One line of a case list."""

    case: object
    step: str
    needs_next: str
    targets: list[str]
    bullies: list[str]


def case_rows(cases, needs: dict[int, str]) -> list[CaseRow]:
    rows = []
    for case in cases:
        people = list(case.participants.all())  # prefetched by the selector
        rows.append(
            CaseRow(
                case=case,
                step=step_text(case),
                needs_next=needs.get(case.pk, ""),
                targets=[p.display_name for p in people if p.role == "target"],
                bullies=[p.display_name for p in people if p.role == "bully"],
            )
        )
    return rows
