"""The subject-access export: complete (every case in any role, every entry, letters,
signals, the audit of the record), other students' names absent, management only,
audited, as JSON and as PDF."""
from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.letters import services as letters
from incidents.models import TimelineEntry
from people.models import AuditEvent
from people.roles import Role
from tests import factories as f
from tests.documents import fetch_pdf, pdf_text
from tests.incidents.helpers import advance, log_signal, open_case, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def export_url(student, kind):
    return reverse("monitoring:privacy_export", args=[student.pk, kind])


@pytest.fixture
def dossier(board):
    """board.student is the target in one case and a bystander in another; the other
    student (the bully) is named in free text."""
    other = board.other_student
    case = open_case(board)
    record(board, case, "conversation", text=f"Gesprek met het slachtoffer over {other.full_name}.", **{"with": "target"})
    record(board, case, "conversation", text=f"{other.first_name} geeft toe.", **{"with": "bully"})
    with board.tenant():
        services.confidential_note_add(case=case, acting_user=board.adviser, text="GEHEIME WERKAANTEKENING")
    case = advance(board, case, "record_agreements")
    record(board, case, "agreement", text="Niet meer uitschelden.")
    with board.tenant():
        own = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="target_parents")
        letters.letter_send(letter=own, acting_user=board.mentor)
        theirs = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="bully_parents")
    second = open_case(board, bully=board.other_student, description=f"{other.last_name} duwt in de gang.")
    with board.tenant():
        services.participant_add(case=second, acting_user=board.coordinator, role="bystander", student=None,
                                 description="Onbekende derde")
        entries = TimelineEntry.objects.filter(case__in=[case, second]).count()
    return {"cases": [case, second], "entries": entries, "own_letter": own, "their_letter": theirs}


@pytest.fixture
def board_management(board):
    return f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)


def names_of(student):
    return [student.full_name, student.first_name, student.last_name]


def test_the_json_export_holds_everything_about_the_student_and_no_other_names(board, dossier):
    response = client_for(board.management).get(export_url(board.student, "json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["student"]["name"] == board.student.full_name
    assert data["student"]["student_number"] == board.student.external_id
    assert data["enrolments"] == [{"school_year": board.school_class.school_year.name, "class": board.school_class.name}]
    refs = [c["reference"] for c in data["cases"]]
    assert sorted(refs) == sorted(c.reference for c in dossier["cases"])
    assert sum(len(c["entries"]) for c in data["cases"]) == dossier["entries"]
    first = next(c for c in data["cases"] if c["reference"] == dossier["cases"][0].reference)
    assert first["roles_of_student"] == ["Slachtoffer"] or first["roles_of_student"]
    texts = " ".join(e["text"] for e in first["entries"])
    # The step change says where from and what it meant (the typed record).
    moved = [e for e in first["entries"] if "outcome" in e]
    assert [(e["from_step"], e["step"], e["outcome"]) for e in moved] == [("investigate", "agreements", "Volgende stap")]
    assert "Gesprek met het slachtoffer over [andere leerling]." in texts and "[andere leerling] geeft toe." in texts
    # Letters: the one about this student in full, the other listed without content.
    assert len(first["letters"]) == 2
    assert any("body" in lt for lt in first["letters"]) and any("note" in lt for lt in first["letters"])
    # The adviser's notes: counted, never their content.
    assert first["confidential_notes"] == 1
    # Signals naming the student (both cases came from a signal).
    assert len(data["signals"]) == 2
    assert any("[andere leerling] duwt in de gang." in s["description"] for s in data["signals"])
    whole = response.content.decode()
    assert "GEHEIME WERKAANTEKENING" not in whole
    for name in names_of(board.other_student):
        assert name not in whole, name
    roles = [p["role"] for c in data["cases"] for p in c["participants"] if p["who"] == "Andere leerling"]
    assert roles  # other students appear by role only


def test_the_pdf_export_says_the_same_without_other_names(board, dossier, tmp_path):
    # A document job: queued by the POST, laid out by the (eager) task, downloaded from the job.
    job, pdf = fetch_pdf(client_for(board.management), export_url(board.student, "pdf"), board)
    assert (job.kind, job.filename) == ("subject_access", f"inzage-leerling-{board.student.pk}.pdf")
    text = pdf_text(pdf, "-layout")
    assert "Inzage in persoonsgegevens" in text and board.student.full_name in text
    for case in dossier["cases"]:
        assert case.reference in text
    assert "[andere leerling]" in text and "Niet meer uitschelden." in text
    assert "GEHEIME WERKAANTEKENING" not in text and "werkaantekening" in text
    assert "Pagina 1 van" in text
    flat = " ".join(text.split())
    for name in names_of(board.other_student):
        assert name not in flat, name


def test_every_export_is_audited(board, dossier):
    client = client_for(board.management)
    client.get(export_url(board.student, "json"))
    job, _pdf = fetch_pdf(client, export_url(board.student, "pdf"), board)
    with board.tenant():
        events = AuditEvent.objects.filter(action="export", object_type="people.student", object_id=str(board.student.pk))
        kinds = sorted(e.detail["export"] for e in events)
        downloaded = AuditEvent.objects.filter(action="export", object_type="people.documentjob", object_id=str(job.pk),
                                               detail__student_id=board.student.pk)
        assert downloaded.count() == 1
    assert kinds == ["subject_access_json", "subject_access_pdf"]


def test_board_management_exports_any_branch_and_branch_management_only_its_own(board, board_management):
    at_other_branch = f.StudentFactory(branch=board.other_branch)
    assert client_for(board_management).get(export_url(at_other_branch, "json")).status_code == 200
    assert client_for(board.management).get(export_url(at_other_branch, "json")).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "teacher", "adviser", "board_coordinator"])
def test_everyone_but_management_gets_404(board, persona):
    client = client_for(getattr(board, persona))
    assert client.get(export_url(board.student, "json")).status_code == 404
    assert client.post(export_url(board.student, "pdf")).status_code == 404
    assert client.get(reverse("monitoring:privacy_student", args=[board.student.pk])).status_code == 404


def test_another_organisation_gets_404(board, other_board):
    other_management = other_board.management
    assert client_for(other_management).get(export_url(board.student, "json")).status_code == 404
    assert client_for(other_management).get(reverse("monitoring:privacy_student", args=[board.student.pk])).status_code == 404


def test_an_unknown_format_or_id_is_404(board):
    client = client_for(board.management)
    assert client.get(export_url(board.student, "xml")).status_code == 404
    assert client.get(reverse("monitoring:privacy_export", args=["abc", "json"])).status_code == 404


def test_finding_a_student_by_number(board):
    client = client_for(board.management)
    url = reverse("monitoring:privacy_search")
    found = client.get(url, {"leerlingnummer": board.student.external_id})
    assert found.status_code == 302 and found["Location"] == reverse("monitoring:privacy_student", args=[board.student.pk])
    missing = client.get(url, {"leerlingnummer": "BESTAAT-NIET"})
    assert missing.status_code == 400
    assert "Geen leerling gevonden met dit leerlingnummer" in missing.content.decode()
    empty = client.get(url, {"leerlingnummer": ""})
    assert empty.status_code == 400 and "Vul het leerlingnummer in." in empty.content.decode()
    page = client.get(found["Location"]).content.decode()
    assert "Download PDF" in page and " style=" not in page.split("<main", 1)[1] and "<script" not in page


def test_the_export_of_a_student_without_a_dossier_is_short_but_complete(board):
    log_signal(board)  # names board.student
    data = json.loads(client_for(board.management).get(export_url(board.other_student, "json")).content)
    assert data["cases"] == [] and len(data["signals"]) == 1
    assert board.student.full_name not in json.dumps(data, ensure_ascii=False)
