"""Report pages: who may export (404 for everyone else), the three forms, board jobs with
progress and an audited download, bad input, and the prevention register page."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.models import PreventionRegister, ReportJob
from people.models import AuditEvent, SchoolYear
from people.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

INDEX = reverse("monitoring:report_index")
EXPORT = reverse("monitoring:report_export")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def year(board):
    return board.school_class.school_year


@pytest.fixture
def board_management(board):
    return f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)


def q(branch, year, kind="pdf") -> str:
    return f"{EXPORT}?vestiging={branch if isinstance(branch, str) else branch.pk}&schooljaar={year.pk}&formaat={kind}"


def test_a_branch_pdf_is_a_job_too_never_rendered_in_the_request(board, year, django_capture_on_commit_callbacks):
    """Issue 16: laying out a PDF takes seconds of CPU; the request only queues the job."""
    client = client_for(board.management)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(q(board.branch, year))
    assert response.status_code == 302 and len(queued) == 1  # the task, sent after commit
    with board.tenant():
        job = ReportJob.objects.get()
    assert response["Location"] == reverse("monitoring:report_job", args=[job.pk])
    assert (job.status, job.branch_id) == ("pending", board.branch.pk)
    assert "Inspectierapport wordt gemaakt" in client.get(response["Location"]).content.decode()
    queued[0]()  # the worker's turn (eager in tests)
    with board.tenant():
        job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    download = client.get(reverse("monitoring:report_job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    with board.tenant():
        event = AuditEvent.objects.filter(action="export", actor=board.management).get()
    assert event.detail["export"] == "inspection_report_pdf" and event.detail["branch"] == board.branch.pk


def test_a_branch_job_of_another_branch_is_refused_by_the_service(board, year):
    from django.http import Http404

    from monitoring.report.jobs import job_create

    with board.tenant(), pytest.raises(Http404):
        job_create(acting_user=board.management, school_year=year, branch=board.other_branch)


def test_the_same_content_as_a_page_and_as_csv(board, year):
    client = client_for(board.management)
    page = client.get(q(board.branch, year, "html"))
    html = page.content.decode()
    assert page.status_code == 200 and "Contactpersonen" in html and "Bijlage: definities" in html
    assert " style=" not in html.split("<main", 1)[1] and "<script" not in html
    csv = client.get(q(board.branch, year, "csv"))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert body.startswith("Schooljaar;Hoofdstuk;Tabel;Vestiging;Rij;Waarde") and "Nieuwe zaken" in body


def test_management_cannot_export_another_branch_or_the_organisation(board, year):
    client = client_for(board.management)
    for branch in (board.other_branch, "alle"):
        response = client.get(q(branch, year))
        assert response.status_code == 400
        assert "Deze vestiging bestaat niet of u mag er geen rapport van maken." in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "teacher", "adviser"])
def test_other_roles_get_404_on_export(board, year, persona):
    client = client_for(getattr(board, persona))
    assert client.get(q(board.branch, year)).status_code == 404
    assert client.get(q(board.branch, year, "csv")).status_code == 404


def test_the_index_shows_the_coordinator_only_the_register(board):
    html = client_for(board.coordinator).get(INDEX).content.decode()
    assert "Preventieregister" in html and "Rapport maken" not in html
    assert client_for(board.mentor).get(INDEX).status_code == 404


def test_the_menu_shows_inspectierapport_to_management(board):
    # The grouped menu (issue 17): the entry is a tab of the "Veiligheid" group.
    management = client_for(board.management).get(reverse("monitoring:dashboard"), follow=True)
    assert ">Inspectierapport<" in management.content.decode()
    mentor = client_for(board.mentor)
    for url in (reverse("home"), reverse("monitoring:dashboard")):
        assert ">Inspectierapport<" not in mentor.get(url, follow=True).content.decode()


def test_another_board_gets_404_and_unknown_input_a_clear_message(board, other_board, year):
    other = client_for(other_board.board_coordinator)
    response = other.get(q(board.branch, year))
    assert response.status_code == 400  # their own form: neither branch nor year is theirs
    text = response.content.decode()
    assert "Deze vestiging bestaat niet" in text and "Dit schooljaar bestaat niet in uw organisatie." in text
    response = client_for(board.management).get(f"{EXPORT}?vestiging=999999&schooljaar=abc&formaat=pdf")
    assert response.status_code == 400 and "Dit schooljaar bestaat niet" in response.content.decode()


def test_an_empty_year_gives_a_report_that_says_so(board):
    with board.tenant():
        empty = SchoolYear.objects.create(organisation=board.organisation, name="2031-2032",
                                          starts_on="2031-08-01", ends_on="2032-07-31")
    html = client_for(board.management).get(q(board.branch, empty, "html")).content.decode()
    assert "Geen gegevens" in html


def test_the_board_report_is_a_job_with_progress_and_an_audited_download(board, year, board_management,
                                                                         django_capture_on_commit_callbacks):
    client = client_for(board_management)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(q("alle", year))
    assert response.status_code == 302
    with board.tenant():
        job = ReportJob.objects.get()
    assert response["Location"] == reverse("monitoring:report_job", args=[job.pk])
    assert (job.status, job.progress, job.branch_id) == ("done", 100, None)
    page = client.get(response["Location"]).content.decode()
    assert "Klaar" in page and reverse("monitoring:report_job_download", args=[job.pk]) in page
    download = client.get(reverse("monitoring:report_job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    with board.tenant():
        assert AuditEvent.objects.filter(action="export", object_type="monitoring.reportjob", object_id=str(job.pk)).exists()
    # Somebody else - even of the same board - gets 404 for the job and its file.
    for user in (board.board_coordinator, board.management, board.coordinator):
        assert client_for(user).get(reverse("monitoring:report_job_download", args=[job.pk])).status_code == 404
        assert client_for(user).get(reverse("monitoring:report_job", args=[job.pk])).status_code == 404


def test_a_job_runs_once(board, year, board_management):
    from monitoring.report.jobs import job_run

    with board.tenant():
        job = ReportJob.objects.create(organisation=board.organisation, requested_by=board_management, school_year=year)
    job_run(str(board.organisation.pk), job.pk)
    with board.tenant():
        job.refresh_from_db()
        first = job.file.name
    job_run(str(board.organisation.pk), job.pk)  # a re-delivered message
    with board.tenant():
        job.refresh_from_db()
    assert job.status == "done" and job.file.name == first


def test_the_coordinator_keeps_the_register_validated_and_audited(board, year):
    url = reverse("monitoring:report_register", args=[board.branch.pk, year.pk])
    client = client_for(board.coordinator)
    assert client.get(url).status_code == 200
    data = {"programme-count": "2", "measure-policy-in_place": "yes", "measure-policy-how": "",
            "programme-0-programme": "other", "programme-0-other_name": "", "programme-0-who": "Mentoren", "programme-0-when": "Najaar",
            "plan_text": f"Gesprek met {board.student.full_name} gepland."}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Beschrijf hoe “Beleid” op de vestiging is ingevuld." in html
    assert "Geef de naam van het programma." in html
    assert "Noem hier geen namen van leerlingen of medewerkers" in html
    data.update({"measure-policy-how": "Beleid staat op de website.", "programme-0-other_name": "Raad voor de Veiligheid",
                 "plan_text": "Meer toezicht in de aula."})
    assert client.post(url, data).status_code == 302
    with board.tenant():
        reg = PreventionRegister.objects.get()
        assert reg.measures.get(key="policy").in_place is True and reg.programmes.get().other_name == "Raad voor de Veiligheid"
        assert AuditEvent.objects.filter(object_type="monitoring.preventionregister", actor=board.coordinator).exists()


def test_the_register_is_404_for_others(board, other_board, year):
    url = reverse("monitoring:report_register", args=[board.branch.pk, year.pk])
    assert client_for(board.mentor).get(url).status_code == 404
    assert client_for(other_board.board_coordinator).get(url).status_code == 404
    assert client_for(board.coordinator).get(
        reverse("monitoring:report_register", args=[board.other_branch.pk, year.pk])).status_code == 404
