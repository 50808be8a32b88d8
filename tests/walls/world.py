"""Two organisations with one of everything, built through the real services.

Every name a person could read in the other organisation carries the organisation's
marker ("Rijnmond" / "Noordkaap"), so a leak is one substring search away. Each
organisation has three dossiers:

* ``case``        – about students of the mentor's class, at step 3 (monitoring), with
  entries, evidence, a sent letter (with PDF), follow-ups and a confidential note;
* ``other_class`` – about students of another class of the same branch (the mentor of
  the first class may not see it; nor may the teacher);
* ``other_branch``– at the organisation's other branch (the branch's coordinator,
  adviser and management may not see it).
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image

from incidents import complaints, exclusions, serious, services
from incidents.followups import followup_complete
from incidents.ical import feed_token_create
from incidents.letters import services as letters
from incidents.models import Case, CaseExclusion, FollowUp, StatusCode, TimelineEntry
from incidents.public import services as public_services
from incidents.services import SignalStudentInput
from monitoring import services as monitoring_services
from monitoring import submission, talk
from monitoring.instrument import load_instrument
from monitoring.models import RoundClass
from monitoring.report import jobs as report_jobs
from people import models as pm
from people.documents.services import document_job_create
from people.notifications import notify
from people.roles import Role
from people.tenancy import tenant_context
from protocol import vocabulary as v
from protocol.models import CalendarPeriod, OrganisationCalendar
from tests import factories as f


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Dossier:
    case: Case
    signal: object
    entry: TimelineEntry
    evidence: object = None
    letter: object = None
    followup: FollowUp | None = None


@dataclass
class Side:
    marker: str
    organisation: pm.Organisation
    branch: pm.Branch
    other_branch: pm.Branch
    department: pm.Department
    school_class: pm.SchoolClass
    other_class: pm.SchoolClass
    far_class: pm.SchoolClass
    student: pm.Student
    other_student: pm.Student
    class_mate: pm.Student
    far_student: pm.Student
    far_other_student: pm.Student
    personas: dict[str, pm.User]
    role_assignment: pm.RoleAssignment = None
    dossiers: dict[str, Dossier] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)
    confidential_text: str = ""
    #: A student's request to the confidential adviser: for the adviser's eyes only.
    adviser_talk_text: str = ""
    adviser_talk_id: int = 0
    feed_token: str = ""
    receipt: str = ""

    def tenant(self):
        return tenant_context(self.organisation)

    @property
    def leak_markers(self) -> list[str]:
        """Lower-case strings that only this organisation's data contains."""
        return [self.marker.lower()]


def _staff(side_org, branch, role, marker, label):
    return f.make_staff(
        role, branch=branch, organisation=side_org,
        full_name=f"{label} {marker}stra", email=f"{label.lower()}@{marker.lower()}.example",
    )


def build_side(marker: str, city: str) -> Side:
    org = f.OrganisationFactory(name=f"Scholengroep {marker}", slug=f"sg-{marker.lower()}")
    branch = f.BranchFactory(organisation=org, name=f"{marker} Lyceum", slug=f"{marker.lower()}-lyceum", city=city)
    other_branch = f.BranchFactory(organisation=org, name=f"{marker} College", slug=f"{marker.lower()}-college", city=city)
    department = f.DepartmentFactory(branch=branch, name=f"{marker} onderbouw")
    year = f.SchoolYearFactory(organisation=org)
    school_class = f.SchoolClassFactory(branch=branch, school_year=year, name=f"2A {marker}", department=department)
    other_class = f.SchoolClassFactory(branch=branch, school_year=year, name=f"2B {marker}", department=department)
    far_class = f.SchoolClassFactory(branch=other_branch, school_year=year, name=f"3C {marker}")

    def student(klass, first, last):
        return f.EnrolmentFactory(
            school_class=klass, student__first_name=first, student__last_name=f"{last}{marker}",
        ).student

    s_target = student(school_class, "Wubbo", "Ockel")
    s_bully = student(school_class, "Fokje", "Zwaag")
    s_mate = student(school_class, "Sietse", "Klaas")
    s_other = student(other_class, "Jelle", "Veen")
    s_other2 = student(other_class, "Anna", "Dijk")
    s_far = student(far_class, "Pier", "Hoek")
    s_far2 = student(far_class, "Trijntje", "Berg")

    mentor = _staff(org, branch, Role.MENTOR, marker, "Mentor")
    with tenant_context(org):
        pm.ClassMentor.objects.create(organisation=org, school_class=school_class, mentor=mentor)
    other_mentor = _staff(org, branch, Role.MENTOR, marker, "Klassenmentor")
    far_mentor = _staff(org, other_branch, Role.MENTOR, marker, "Verremnentor")
    far_coordinator = _staff(org, other_branch, Role.COORDINATOR, marker, "Verrecoordinator")
    with tenant_context(org):
        pm.ClassMentor.objects.create(organisation=org, school_class=other_class, mentor=other_mentor)
        pm.ClassMentor.objects.create(organisation=org, school_class=far_class, mentor=far_mentor)
    personas = {
        "mentor": mentor,
        "teacher": _staff(org, branch, Role.TEACHER, marker, "Docent"),
        "coordinator": _staff(org, branch, Role.COORDINATOR, marker, "Coordinator"),
        "adviser": _staff(org, branch, Role.CONFIDENTIAL_ADVISER, marker, "Vertrouwenspersoon"),
        "management": _staff(org, branch, Role.BRANCH_MANAGEMENT, marker, "Directie"),
        "board_coordinator": _staff(org, None, Role.BOARD_COORDINATOR, marker, "Bestuurscoordinator"),
    }
    side = Side(
        marker=marker, organisation=org, branch=branch, other_branch=other_branch, department=department,
        school_class=school_class, other_class=other_class, far_class=far_class, student=s_target,
        other_student=s_bully, class_mate=s_mate, far_student=s_far, far_other_student=s_far2, personas=personas,
    )
    side.objects["other_mentor"] = other_mentor
    side.objects["far_coordinator"] = far_coordinator
    with side.tenant():
        side.role_assignment = pm.RoleAssignment.objects.get(user=personas["teacher"])
    _dossiers(side, other_mentor=other_mentor, far_mentor=far_mentor, far_coordinator=far_coordinator,
              s_other=s_other, s_other2=s_other2)
    _monitoring(side)
    _odds_and_ends(side)
    return side


def _signal(side, *, branch, reporter, target, bully, text):
    with side.tenant():
        return services.signal_create(
            organisation=side.organisation, branch=branch, reported_by=reporter,
            description=f"{text} ({side.marker}-signaal)", forms=["verbal"],
            students=[
                SignalStudentInput(role=v.ParticipantRole.TARGET, student_id=target.pk),
                SignalStudentInput(role=v.ParticipantRole.BULLY, student_id=bully.pk),
            ],
        )


def _record(side, case, kind, by, text="", files=(), **attrs):
    with side.tenant():
        return services.entry_record(case=case, acting_user=by, kind=kind, attrs=attrs, text=text, files=files)


def _advance(side, case, transition, by):
    with side.tenant():
        case.refresh_from_db()
        return services.case_transition(case=case, acting_user=by, transition_key=transition,
                                        expected_step=case.step, params={})


def _to_monitoring(side, case, worker, coordinator):
    """Steps 1 and 2 with what they need (no letter), so the case has its follow-ups."""
    _record(side, case, "conversation", worker, **{"with": "bully"})
    case = _advance(side, case, "record_agreements", coordinator)
    _record(side, case, "agreement", worker, text=f"Afspraken ({side.marker}).")
    _record(side, case, "head_of_department_informed", worker)
    _record(side, case, "parents_informed", worker, party="target_parents", method="telefoon")
    _record(side, case, "parents_informed", worker, party="bully_parents", method="telefoon")
    return _advance(side, case, "start_monitoring", coordinator)


def _dossiers(side, *, other_mentor, far_mentor, far_coordinator, s_other, s_other2):
    p = side.personas
    m = side.marker
    side.objects["other_student_2"] = s_other
    # 1. The mentor's class: walked to monitoring, with evidence, a sent letter and a note.
    signal = _signal(side, branch=side.branch, reporter=p["mentor"], target=side.student, bully=side.other_student,
                     text="Wordt uitgescholden in de kantine")
    with side.tenant():
        case = services.case_open(signal=signal, acting_user=p["coordinator"], title=f"Kantine {m}")
    first = _record(side, case, "conversation", p["mentor"], text=f"Gesprek met {m}-slachtoffer",
                    files=[SimpleUploadedFile(f"{m.lower()}-bewijs.png", png_bytes(), content_type="image/png")],
                    **{"with": "target"})
    _record(side, case, "conversation", p["mentor"], **{"with": "bully"})
    case = _advance(side, case, "record_agreements", p["coordinator"])
    _record(side, case, "agreement", p["mentor"], text=f"Niet meer uitschelden ({m}-afspraak).")
    _record(side, case, "head_of_department_informed", p["mentor"])
    with side.tenant():
        letter = letters.letter_draft(case=case, acting_user=p["mentor"], kind="agreements", party="target_parents")
        letter = letters.letter_send(letter=letter, acting_user=p["mentor"])
    _record(side, case, "parents_informed", p["mentor"], party="bully_parents", method="telefoon")
    case = _advance(side, case, "start_monitoring", p["coordinator"])
    side.confidential_text = f"Vertrouwelijk-{m}-notitie: de moeder belde in vertrouwen."
    with side.tenant():
        services.confidential_note_add(case=case, acting_user=p["adviser"], text=side.confidential_text)
        evidence = first.evidence.get()
        followup = FollowUp.objects.filter(case=case).order_by("pk").first()
    side.dossiers["case"] = Dossier(case=case, signal=signal, entry=first, evidence=evidence, letter=letter,
                                    followup=followup)
    # Conflict of interest: a head of department of the branch (who would see the case) is
    # recorded as the alleged bully, and so excluded from it.
    excluded = _staff(side.organisation, side.branch, Role.HEAD_OF_DEPARTMENT, m, "Teamleider")
    with side.tenant():
        exclusions.staff_party_add(case=case, acting_user=p["coordinator"], user_id=excluded.pk)
        side.objects["exclusion"] = CaseExclusion.objects.get(case=case, user=excluded)
    side.objects["excluded_staff"] = excluded
    with side.tenant():
        side.objects["status_code"] = StatusCode.objects.get(letter=letter)
        serious.policy_set(organisation_id=side.organisation.pk, acting_user=p["board_coordinator"], enabled=True)
        side.objects["serious_incident"] = serious.register_from_case(
            case=case, acting_user=p["coordinator"], category="threats", occurred_on=dt.date(2026, 9, 1),
            description=f"Bedreiging in de kantine ({m}-incident).")
        side.objects["complaint"] = complaints.complaint_register(
            acting_user=p["management"], branch=side.branch, complainant_kind="parent",
            complainant_name=f"Ouder {m}stra", about=f"Klacht over de aanpak ({m}-klacht).",
            received_on=dt.date(2026, 9, 1), case=case, adviser=p["adviser"])

    # 2. Another class of the same branch (not the mentor's): a case with evidence and a draft letter.
    signal2 = _signal(side, branch=side.branch, reporter=p["coordinator"], target=s_other, bully=s_other2,
                      text="Wordt buitengesloten in de klas")
    with side.tenant():
        case2 = services.case_open(signal=signal2, acting_user=p["coordinator"], title=f"Buitengesloten {m}",
                                   mentor=other_mentor)
    entry2 = _record(side, case2, "conversation", other_mentor, text=f"Gesprek {m} andere klas",
                     files=[SimpleUploadedFile("chat.png", png_bytes((1, 2, 3)), content_type="image/png")],
                     **{"with": "target"})
    case2 = _to_monitoring(side, case2, other_mentor, p["coordinator"])
    with side.tenant():
        letter2 = letters.letter_draft(case=case2, acting_user=p["coordinator"], kind="agreements", party="target_parents")
        followup2 = FollowUp.objects.filter(case=case2).order_by("pk").first()
        evidence2 = entry2.evidence.get()
    side.dossiers["other_class"] = Dossier(case=case2, signal=signal2, entry=entry2, evidence=evidence2,
                                           letter=letter2, followup=followup2)

    # 3. The other branch.
    signal3 = _signal(side, branch=side.other_branch, reporter=far_mentor, target=side.far_student,
                      bully=side.far_other_student, text="Wordt online bedreigd")
    with side.tenant():
        case3 = services.case_open(signal=signal3, acting_user=far_coordinator, title=f"Online {m}")
    entry3 = _record(side, case3, "conversation", far_mentor, text=f"Gesprek {m} andere vestiging",
                     files=[SimpleUploadedFile("scherm.png", png_bytes((9, 9, 9)), content_type="image/png")],
                     **{"with": "target"})
    case3 = _to_monitoring(side, case3, far_mentor, far_coordinator)
    with side.tenant():
        letter3 = letters.letter_draft(case=case3, acting_user=far_mentor, kind="agreements", party="target_parents")
        followup3 = FollowUp.objects.filter(case=case3).order_by("pk").first()
        evidence3 = entry3.evidence.get()
    side.dossiers["other_branch"] = Dossier(case=case3, signal=signal3, entry=entry3, evidence=evidence3,
                                            letter=letter3, followup=followup3)

    # A new signal nobody handled yet, and one that was dismissed.
    side.objects["new_signal"] = _signal(side, branch=side.branch, reporter=p["teacher"], target=side.class_mate,
                                         bully=side.other_student, text="Duwt in de gang")
    dismissed = _signal(side, branch=side.branch, reporter=p["coordinator"], target=side.class_mate,
                        bully=side.student, text="Grapje op het plein")
    with side.tenant():
        services.signal_dismiss(signal=dismissed, acting_user=p["coordinator"], reason=f"Geen pesten ({m}).")
    side.objects["dismissed_signal"] = dismissed
    # A follow-up done by the mentor, so lists show done ones as well.
    with side.tenant():
        done = FollowUp.objects.filter(case=side.dossiers["case"].case, completed_at__isnull=True).exclude(
            pk=getattr(side.dossiers["case"].followup, "pk", None)).first()
        if done is not None:
            followup_complete(followup=done, acting_user=p["mentor"], note=f"Gedaan ({m}).")


def _monitoring(side):
    p = side.personas
    m = side.marker
    now = timezone.now()
    with side.tenant():
        survey = monitoring_services.round_create(
            organisation=side.organisation, acting_user=p["coordinator"], name=f"Thermometer {m}",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7),
            class_ids=[side.school_class.pk, side.other_class.pk],
        )
        round_class = RoundClass.objects.get(round=survey, school_class=side.school_class)
        issued = monitoring_services.codes_issue(round_class=round_class, count=6, acting_user=p["coordinator"])
    # Anonymous, as a student would: no organisation active.
    instrument = load_instrument()
    answers = {key: 1 for key in instrument.item_keys}
    token, _session = submission.session_start(raw_code=issued[0])
    submission.response_submit(session_token=token, answers=answers, gender="girl")
    token, _session = submission.session_start(raw_code=issued[1])
    submission.draft_save(session_token=token, answers={instrument.item_keys[0]: 2}, gender="boy")
    with side.tenant():
        talk_request = talk.talk_request_create(
            organisation_id=side.organisation.pk, branch_id=side.branch.pk, wants="mentor",
            name=f"Sietse Klaas{m}", class_name=side.school_class.name, message=f"Graag een gesprek ({m}).",
        )
    side.adviser_talk_text = f"Alleen-voor-de-vertrouwenspersoon-{m}: het gaat over thuis."
    with side.tenant():
        to_adviser = talk.talk_request_create(
            organisation_id=side.organisation.pk, branch_id=side.branch.pk, wants="confidential_adviser",
            name=f"Fenna Vertrouwelijk{m}", class_name=side.school_class.name, message=side.adviser_talk_text,
        )
    side.adviser_talk_id = to_adviser.pk
    side.objects.update(survey_round=survey, round_class=round_class, talk_request=talk_request,
                        codes=issued[2:])


def _odds_and_ends(side):
    p = side.personas
    m = side.marker
    with side.tenant():
        report, side.receipt = public_services.report_create(
            branch=side.branch,
            data=public_services.ReportInput(
                reporter_kind="student", about="me", description=f"Ik word gepest ({m}-melding).",
                target=f"Wubbo Ockel{m}", anonymous=True,
            ),
        )
        public_services.report_reply(report=report, acting_user=p["coordinator"], text=f"Dank je ({m}-antwoord).")
        notify(organisation=side.organisation, recipients=list(p.values()), kind="walls",
               dedupe_key=f"walls-{m}", title=f"Bericht voor {m}",
               url=f"/zaken/{side.dossiers['case'].case.pk}/", email=False)
        calendar = OrganisationCalendar.objects.create(organisation=side.organisation, branch=None)
        period = CalendarPeriod.objects.create(
            organisation=side.organisation, calendar=calendar, kind=CalendarPeriod.Kind.STUDY_DAY,
            name=f"Studiedag {m}", start=dt.date(2026, 11, 4), end=dt.date(2026, 11, 4), school_year=2026,
        )
        mapping = pm.ImportMapping.objects.create(
            organisation=side.organisation, kind=pm.ImportMapping.Kind.STUDENTS,
            columns={f"Kolom{m}": "first_name"}, updated_by=p["management"],
        )
        notification = pm.Notification.objects.filter(recipient=p["mentor"]).order_by("pk").first()
    side.feed_token = feed_token_create(user=p["mentor"])
    with side.tenant():
        school_year = pm.SchoolYear.objects.get(organisation=side.organisation)
        job = report_jobs.job_create(acting_user=p["board_coordinator"], school_year=school_year)
        document_job = document_job_create(kind="case_account", acting_user=p["management"],
                                           params={"case_id": side.dossiers["case"].case.pk},
                                           title=f"Verantwoording {m}")
    side.objects.update(school_year=school_year, report_job=job, document_job=document_job)
    side.objects.update(public_report=report, calendar=calendar, calendar_period=period, import_mapping=mapping,
                        notification=notification)


@dataclass
class World:
    home: Side
    away: Side


def build_world() -> World:
    """Both organisations; on-commit side effects (notifications, deliveries) run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        home = build_side("Rijnmond", "Rotterdam")
    with TestCase.captureOnCommitCallbacks(execute=True):
        away = build_side("Noordkaap", "Leeuwarden")
    return World(home=home, away=away)
