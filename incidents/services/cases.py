"""Opening cases and walking them through their protocol."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, ClassMentor, Enrolment, User
from people.roles import Role
from protocol import engine
from protocol import vocabulary as v
from protocol.selectors import definition_of, protocol_for_new_cases

from .. import access
from ..errors import ADVISER_NO_MOVES, NOT_ON_CASE, ProtocolRefusal, TransitionConflict
from ..facts import case_facts
from ..followups import followups_sync
from ..models import Case, Participant, Signal, TimelineEntry
from ..patterns import open_cases_for_targets
from ..vocab import lang

STEP_CHANGE = TimelineEntry.STEP_CHANGE


def _next_reference(organisation_id) -> str:
    year = timezone.localdate().year
    prefix = f"{year}-"
    last = (
        Case.objects.for_organisation(organisation_id)
        .filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def default_mentor(organisation_id, students) -> User | None:
    """The current mentor of the (first) target's class."""
    student_ids = [s.pk for s in students if s is not None]
    if not student_ids:
        return None
    enrolment = (
        Enrolment.objects.for_organisation(organisation_id)
        .filter(student_id__in=student_ids)
        .order_by("-school_year__starts_on")
        .values_list("school_class_id", flat=True)
        .first()
    )
    link = ClassMentor.objects.for_organisation(organisation_id).filter(school_class_id=enrolment).select_related("mentor").first()
    return link.mentor if link else None


def case_open(*, signal: Signal, acting_user, title: str = "", mentor: User | None = None,
              coordinator: User | None = None, criminal_offence: bool | None = None, second_case_reason: str = "",
              audit: AuditContext | None = None) -> Case:
    """Open a case from a new signal, under the latest version of the organisation's protocol.

    When a target of the signal is already the target in an open case, a second case
    needs a reason (recorded on the case); otherwise add the signal to that case.

    ``criminal_offence`` None means "not answered": allowed only when none of the signal's
    forms of bullying may be a criminal offence (seed 000 footnote 16); otherwise the
    person opening the case must confirm yes or no (issue 12.4)."""
    if not access.can_triage_signals(acting_user, branch=signal.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie opent een zaak."))
    org_id = signal.organisation_id
    for person in (mentor, coordinator):
        if person is not None and person.organisation_id != org_id:
            raise ValidationError(_("Deze medewerker hoort niet bij uw organisatie."))
    if criminal_offence is None:
        suggested = criminal_forms(signal.forms)
        if suggested:
            raise ValidationError({"criminal_offence": _(
                "De gemelde vormen van pesten (%(forms)s) kunnen strafbare feiten zijn. Geef aan of "
                "er sprake is van strafbare feiten: dan wordt de politie geïnformeerd."
            ) % {"forms": ", ".join(suggested)}})
        criminal_offence = False
    definition = protocol_for_new_cases(org_id)
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        if signal.status != Signal.Status.NEW:
            raise ValidationError(_("Dit signaal is al afgehandeld of aan een zaak gekoppeld."))
        signal_students = list(signal.students.select_related("student"))
        targets = [s.student for s in signal_students if s.role == v.ParticipantRole.TARGET]
        second_case_reason = (second_case_reason or "").strip()
        running = list(open_cases_for_targets(acting_user, [t.pk for t in targets if t is not None])[:3])
        if running and not second_case_reason:
            raise ValidationError({"second_case_reason": _(
                "Er loopt al een zaak over deze gepeste leerling (%(refs)s). Voeg het signaal aan die zaak toe, "
                "of schrijf op waarom er een tweede zaak nodig is."
            ) % {"refs": ", ".join(c.reference for c in running)}})
        if mentor is None:
            mentor = default_mentor(org_id, targets or [s.student for s in signal_students])
        if coordinator is None and access.people_access.has_role(acting_user, {Role.COORDINATOR}, branch=signal.branch_id):
            coordinator = acting_user
        case = None
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    case = Case.objects.create(
                        organisation_id=org_id, branch_id=signal.branch_id, reference=_next_reference(org_id),
                        title=(title or _("Melding van %(date)s") % {"date": timezone.localdate(signal.reported_at).strftime("%d-%m-%Y")})[:200],
                        protocol_key=definition.key, protocol_version=definition.version,
                        step=definition.initial_step, highest_step_number=definition.step(definition.initial_step).number,
                        forms=signal.forms, discrimination_ground=signal.discrimination_ground,
                        criminal_offence=criminal_offence, mentor=mentor, coordinator=coordinator, opened_by=acting_user,
                        second_case_reason=second_case_reason[:2000] if running else "",
                    )
                break
            except IntegrityError:
                continue
        if case is None:
            raise ValidationError(_("Er kon geen zaaknummer worden gekozen. Probeer het opnieuw."))
        Participant.objects.bulk_create(
            Participant(organisation_id=org_id, case=case, student=s.student, role=s.role, description=s.description)
            for s in signal_students
        )
        first = TimelineEntry.objects.create(
            organisation_id=org_id, case=case, kind=v.RecordKind.INCIDENT, step=case.step,
            attrs={v.Attr.FORM.value: signal.forms[0]} if signal.forms else {},
            text=signal.description, occurred_at=_occurred(signal), author=signal.reported_by,
        )
        case.step_entered_seq = first.pk
        case.save(update_fields=["step_entered_seq"])
        signal.status = Signal.Status.LINKED
        signal.case = case
        signal.save(update_fields=["status", "case"])
        followups_sync(case, acting_user=acting_user)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, obj=case, audit=audit, signal=signal.pk,
                  second_case_for=[c.pk for c in running])
    return case


CRIMINAL_CLOSED_CASE = _("Deze zaak is afgesloten. Heropen hem eerst als er nog iets moet veranderen.")


def case_criminal_offence_set(*, case: Case, acting_user, criminal_offence: bool, audit: AuditContext | None = None) -> Case:
    """Confirm or withdraw later that the bullying includes criminal offences (seed 000 §5.1,
    step 4: the police are informed). A flagged case can only close with the police record
    or a recorded reason why the police were not informed (the protocol's guards)."""
    if not access.can_work_on_case(acting_user, case):
        raise PermissionDenied(NOT_ON_CASE)
    if case.is_closed:
        raise ValidationError({"criminal_offence": CRIMINAL_CLOSED_CASE})
    if case.criminal_offence == criminal_offence:
        return case
    with transaction.atomic():
        case.criminal_offence = criminal_offence
        case.updated_at = timezone.now()
        case.save(update_fields=["criminal_offence", "updated_at"])
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=case, audit=audit,
                  criminal_offence=criminal_offence)
    return case


def criminal_forms(forms) -> list[str]:
    """The labels of the recorded forms of bullying that may be criminal offences."""
    return [v.label(v.BullyingForm(f), lang()) for f in forms or () if f in v.CRIMINAL_FORMS]


def _occurred(signal: Signal):
    """When the incident happened: the reported day at noon, but never after the report
    itself (a signal logged at 9:00 about this morning must precede the talks after it)."""
    if signal.occurred_on:
        noon = timezone.make_aware(dt.datetime.combine(signal.occurred_on, dt.time(12)))
        return min(noon, signal.reported_at)
    return signal.reported_at


def signal_link(*, signal: Signal, case: Case, acting_user, audit: AuditContext | None = None) -> Signal:
    """Add a new signal to an existing case of the same branch."""
    if not access.can_triage_signals(acting_user, branch=signal.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie koppelt signalen."))
    if case.organisation_id != signal.organisation_id or case.branch_id != signal.branch_id:
        raise ValidationError(_("Koppel een signaal alleen aan een zaak van dezelfde vestiging."))
    if case.is_closed:
        raise ValidationError(_("De zaak is gesloten; heropen de zaak eerst of open een nieuwe zaak."))
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        if signal.status != Signal.Status.NEW:
            raise ValidationError(_("Dit signaal is al afgehandeld of aan een zaak gekoppeld."))
        case = Case.objects.select_for_update().get(pk=case.pk)
        known = set(case.participants.exclude(student=None).values_list("student_id", "role"))
        Participant.objects.bulk_create(
            Participant(organisation_id=case.organisation_id, case=case, student=s.student, role=s.role, description=s.description)
            for s in signal.students.all()
            if (s.student_id, s.role) not in known
        )
        TimelineEntry.objects.create(
            organisation_id=case.organisation_id, case=case, kind=v.RecordKind.INCIDENT, step=case.step, text=signal.description,
            occurred_at=_occurred(signal), author=signal.reported_by,
        )
        signal.status = Signal.Status.LINKED
        signal.case = case
        signal.save(update_fields=["status", "case"])
        followups_sync(case, acting_user=acting_user)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=case, audit=audit, linked_signal=signal.pk)
    return signal


def case_transition(*, case: Case, acting_user, transition_key: str, expected_step: str,
                    params: dict | None = None, audit: AuditContext | None = None) -> Case:
    """Take one protocol step. Exactly one of two simultaneous attempts wins; the other
    gets TransitionConflict. Unmet guards raise ProtocolRefusal listing what is missing."""
    definition = definition_of(case)
    try:
        definition.transition(transition_key)
    except KeyError:
        raise ValidationError({"transition": _("Deze stap bestaat niet in het protocol van deze zaak.")}) from None
    if not access.can_work_on_case(acting_user, case):
        raise PermissionDenied(ADVISER_NO_MOVES if access.is_case_adviser(acting_user, case) else NOT_ON_CASE)
    params = {k: str(val).strip() for k, val in (params or {}).items() if val not in (None, "")}
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk, organisation_id=case.organisation_id)
        if locked.step != expected_step:
            raise TransitionConflict(locked.step)
        facts = case_facts(locked, definition)
        roles = access.case_roles(acting_user, locked)
        report = engine.evaluate(definition, facts, transition_key, roles, params)
        if not report.allowed:
            raise ProtocolRefusal(report, lang())
        transition = definition.transition(transition_key)
        target = transition.target
        now = timezone.now()
        entry = TimelineEntry.objects.create(
            organisation_id=locked.organisation_id, case=locked, kind=STEP_CHANGE, step=target, is_system=True,
            from_step=locked.step, transition=transition_key, outcome=definition.outcome_of(transition_key),
            protocol_key=definition.key, protocol_version=definition.version,
            attrs=params, occurred_at=now, recorded_at=now, author=acting_user,
        )
        locked.step = target
        locked.step_entered_seq = entry.pk
        locked.step_entered_at = now
        locked.is_closed = definition.is_terminal(target)
        locked.closed_at = now if locked.is_closed else None
        locked.highest_step_number = _highest(definition, locked.highest_step_number, target)
        locked.updated_at = now
        locked.save(update_fields=["step", "step_entered_seq", "step_entered_at", "is_closed", "closed_at",
                                   "highest_step_number", "updated_at"])
        followups_sync(locked, acting_user=acting_user)
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=locked, audit=audit,
                  transition=transition_key, to=target)
    return locked


def _highest(definition, current_number: str, new_step: str) -> str:
    """The highest numbered step reached (closing steps carry no number)."""
    order = [s.number for s in definition.steps if s.number]
    new_number = definition.step(new_step).number
    if not new_number:
        return current_number
    if not current_number or current_number not in order:
        return new_number
    return new_number if order.index(new_number) > order.index(current_number) else current_number


def case_update_people(*, case: Case, acting_user, mentor: User | None, coordinator: User | None,
                       criminal_offence: bool | None = None, audit: AuditContext | None = None) -> Case:
    if not access.can_triage_signals(acting_user, branch=case.branch_id):
        raise PermissionDenied(_("Alleen de anti-pestcoördinator of de directie wijst de verantwoordelijken aan."))
    for person in (mentor, coordinator):
        if person is not None and person.organisation_id != case.organisation_id:
            raise ValidationError(_("Deze medewerker hoort niet bij uw organisatie."))
    with transaction.atomic():
        case.mentor = mentor
        case.coordinator = coordinator
        fields = ["mentor", "coordinator", "updated_at"]
        if criminal_offence is not None:
            case.criminal_offence = criminal_offence
            fields.append("criminal_offence")
        case.updated_at = timezone.now()
        case.save(update_fields=fields)
        # Open terms follow the people now responsible for them.
        for followup in case.followups.filter(status__in=("open", "overdue")):
            new_owner = mentor if followup.owner_role in (Role.MENTOR, Role.TEACHER) else (coordinator or mentor)
            if new_owner is not None and followup.owner_id != new_owner.pk:
                followup.owner = new_owner
                followup.save(update_fields=["owner"])
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=case, audit=audit,
                  mentor=getattr(mentor, "pk", None), coordinator=getattr(coordinator, "pk", None))
    return case


def participant_add(*, case: Case, acting_user, role: str, student=None, description: str = "",
                    other_school: str = "", audit: AuditContext | None = None) -> Participant:
    if not access.can_work_on_case(acting_user, case):
        raise PermissionDenied(NOT_ON_CASE)
    try:
        v.ParticipantRole(role)
    except ValueError:
        raise ValidationError({"role": _("“%(role)s” is geen bekende rol.") % {"role": role}}) from None
    if student is None and not description.strip():
        raise ValidationError({"student": _("Kies een leerling of omschrijf wie het is (bijvoorbeeld ‘onbekend’).")})
    # The page and the API offer only selectors.participant_candidates; the service keeps the
    # organisation's wall (internal callers may name a pupil of another branch of the board).
    if student is not None and student.organisation_id != case.organisation_id:
        raise ValidationError({"student": _("Deze leerling is niet gevonden.")})
    with transaction.atomic():
        if student is not None and Participant.objects.filter(case=case, student=student, role=role).exists():
            raise ValidationError({"student": _("Deze leerling staat al met deze rol in de zaak.")})
        participant = Participant.objects.create(
            organisation_id=case.organisation_id, case=case, student=student, role=role,
            description=description.strip(), other_school=other_school.strip(),
        )
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=case, audit=audit, participant_added=participant.pk)
    return participant
