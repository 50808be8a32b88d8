"""Filling a letter from the case: the placeholder values and the template text.

Reads only. Letters to parents are Dutch, whatever language the writer's screen is in.
"""
from __future__ import annotations

import datetime as dt
import re
from string import Template

from django.utils import timezone, translation
from django.utils.formats import date_format

from people.models import Enrolment, SchoolYear
from people.roles import Role
from protocol import vocabulary as v
from protocol.calendars import calendar_for

from ..facts import live_entries
from ..models import Case, LetterTemplate, Participant, TimelineEntry
from . import defaults as d


def template_for(organisation_id, kind: str) -> tuple[str, str, bool]:
    """(subject, body, is_own) for this organisation: its own template, else the default."""
    own = LetterTemplate.objects.for_organisation(organisation_id).filter(kind=kind).first()
    if own is not None:
        return own.subject, own.body, True
    default = d.DEFAULTS[kind]
    return default.subject, default.body, False


def fill(text: str, values: dict[str, str]) -> str:
    """Substitute placeholders; unknown ``$names`` stay as they are (``safe_substitute``)."""
    filled = Template(text).safe_substitute(values)
    # An empty placeholder (e.g. no inspectorate sentence) must not leave a gap of blank lines.
    filled = re.sub(r"[ \t]+\n", "\n", filled)
    return re.sub(r"\n{3,}", "\n\n", filled).strip()


def placeholders_in(text: str) -> set[str]:
    """The ``$names`` a template text uses."""
    return {m.group("named") or m.group("braced") for m in Template.pattern.finditer(text)
            if m.group("named") or m.group("braced")}


def long_date(day: dt.date, *, weekday: bool = False) -> str:
    with translation.override("nl"):
        return date_format(day, "l j F Y" if weekday else "j F Y")


def placeholder_values(*, case: Case, participant: Participant, kind: str, party: str,
                       suspension_entry: TimelineEntry | None = None, today: dt.date | None = None) -> dict[str, str]:
    today = today or timezone.localdate()
    student = participant.student
    branch = case.branch
    enrolment = (
        Enrolment.objects.for_organisation(case.organisation_id).filter(student=student)
        .select_related("school_class", "school_year").order_by("-school_year__starts_on").first()
    )
    school_year = enrolment.school_year if enrolment else (
        SchoolYear.objects.for_organisation(case.organisation_id)
        .filter(starts_on__lte=today, ends_on__gte=today).first()
    )
    entries = live_entries(case)
    values = {
        "leerling": student.full_name,
        "voornaam": student.first_name,
        "klas": enrolment.school_class.name if enrolment else "[klas invullen]",
        "vestiging": branch.name,
        "plaats": branch.city,
        "bestuur": case.organisation.name,
        "schooljaar": school_year.name if school_year else "",
        "datum": long_date(today),
        "zaaknummer": case.reference,
        "afspraken": agreements_text(entries),
        "mentor": case.mentor.full_name if case.mentor_id else "[naam mentor invullen]",
        "coordinator": (
            case.coordinator.full_name if case.coordinator_id
            else branch.coordinator_name or "[naam anti-pestcoördinator invullen]"
        ),
    }
    values["aanleiding"] = fill(d.AANLEIDING.get(party, ""), values)
    values["vraag_aan_ouders"] = fill(d.VRAAG_AAN_OUDERS.get(party, ""), values)
    values.update(_second_talk_values(case, entries))
    if suspension_entry is not None:
        values.update(_suspension_values(case, suspension_entry))
    return values


def agreements_text(entries: list[TimelineEntry]) -> str:
    lines = []
    for entry in entries:
        if entry.kind != v.RecordKind.AGREEMENT:
            continue
        text = " ".join(entry.text.split())
        extra = []
        if entry.attrs.get("who"):
            extra.append(f"wie: {entry.attrs['who']}")
        if entry.attrs.get("by_when"):
            extra.append(f"uiterlijk: {entry.attrs['by_when']}")
        if text or extra:
            lines.append(f"- {text}" + (f" ({'; '.join(extra)})" if extra else ""))
    return "\n".join(lines) or "- [afspraken invullen]"


def _second_talk_values(case: Case, entries: list[TimelineEntry]) -> dict[str, str]:
    talks = [
        e for e in entries
        if e.kind == v.RecordKind.CONVERSATION and e.attrs.get(v.Attr.WITH) == v.ConversationWith.BULLY_AND_PARENTS
    ]
    if not talks:
        return {"gesprek_datum": "[datum gesprek invullen]", "termijn_tot": "[datum invullen]"}
    held = timezone.localtime(talks[-1].occurred_at).date()
    calendar = calendar_for(case.organisation_id)
    # The two more weeks of step 4 end the school day before the term's due date.
    due = calendar.due_date(held, amount=2, unit=v.DeadlineUnit.SCHOOL_WEEKS)
    return {
        "gesprek_datum": long_date(held, weekday=True),
        "termijn_tot": long_date(calendar.previous_school_day(due, include_today=False), weekday=True),
    }


def _suspension_values(case: Case, entry: TimelineEntry) -> dict[str, str]:
    days = int(entry.attrs.get(v.Attr.SCHOOL_DAYS) or 0)
    values = {
        "schooldagen": str(days),
        "schorsingsduur": f"{d.NUMBERS.get(days, days)} schooldag{'' if days == 1 else 'en'}",
        "redenen": entry.text.strip() or "[redenen invullen]",
        "inspectie": d.INSPECTIE if days > 1 else "",
        "startdatum": "[startdatum invullen]",
        "einddatum": "[einddatum invullen]",
        "terugkeerdatum": "[datum terugkeer invullen]",
    }
    try:
        start = dt.date.fromisoformat(str(entry.attrs.get("starts_on", "")))
    except ValueError:
        start = None
    if start is not None and days:
        calendar = calendar_for(case.organisation_id)
        start = calendar.next_school_day(start)
        end = calendar.add_school_days(start, days - 1)
        values["startdatum"] = long_date(start, weekday=True)
        values["einddatum"] = long_date(end, weekday=True)
        values["terugkeerdatum"] = long_date(calendar.next_school_day(end, include_today=False), weekday=True)
    if days == 1:
        values["schorsingsperiode"] = f"op {values['startdatum']}"
    else:
        values["schorsingsperiode"] = f"van {values['startdatum']} tot en met {values['einddatum']}"
    return values


#: The sender's role under the signature: the most senior role they hold on the case.
SIGNATURE_ROLES = (
    Role.BRANCH_MANAGEMENT, Role.BOARD_MANAGEMENT, Role.COORDINATOR, Role.BOARD_COORDINATOR,
    Role.HEAD_OF_DEPARTMENT, Role.STUDENT_COUNSELLOR, Role.CARE_COORDINATOR, Role.MENTOR, Role.TEACHER,
)


def signature_role(roles: frozenset[str]) -> str:
    with translation.override("nl"):
        for role in SIGNATURE_ROLES:
            if role in roles:
                return str(role.label)
    return ""


def paragraphs(body: str) -> list[dict]:
    """Split a body into blocks for the PDF: ``{"type": "p"|"ul"|"h", "lines": [...]}``.

    Paragraphs are separated by an empty line; lines starting with "- " form a list; a
    short first line without final punctuation, directly followed by text, is a heading."""
    blocks: list[dict] = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if len(lines) > 1 and len(lines[0]) <= 50 and not lines[0].startswith(BULLETS) and lines[0][-1] not in ".,;:!?":
            blocks.append({"type": "h", "lines": [lines.pop(0)]})
        current: dict | None = None
        for line in lines:
            kind = "ul" if line.startswith(BULLETS) else "p"
            if current is None or current["type"] != kind:
                current = {"type": kind, "lines": []}
                blocks.append(current)
            current["lines"].append(line[2:].strip() if kind == "ul" else line)
    return blocks


BULLETS = ("- ", "• ", "* ")
