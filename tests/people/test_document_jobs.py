"""Documents made by a Celery job (people.documents, issue 16): no view lays out a PDF in
its request; the job page shows progress (followed in place by a script, reloaded by a
link without it); only the requester fetches the
file, and only while the original access rule still lets them; a failed job says so in
plain Dutch and can be retried; jobs expire with their files."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
import weasyprint
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from incidents.letters import services as letters
from monitoring.models import AccessCode, RoundClass
from people import tasks
from people.documents import registry
from people.documents.models import DocumentJob
from people.documents.services import FAILED, document_job_run, document_jobs_expire
from people.models import AuditEvent, RoleAssignment
from people.roles import Role
from people.services import role_revoke
from tests import factories as f
from tests.documents import download, job_of, pdf_text, queue
from tests.incidents.helpers import advance, open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(job) -> str:
    return reverse("people:document_job", args=[job.pk])


def download_url(job) -> str:
    return reverse("people:document_job_download", args=[job.pk])


def retry_url(job) -> str:
    return reverse("people:document_job_retry", args=[job.pk])


def at_step_two(board):
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    case = advance(board, case, "record_agreements")
    record(board, case, "agreement", text="Elke vrijdag even bijpraten met de mentor.")
    return case


def a_round_class(board):
    from monitoring.services import round_create

    now = timezone.now()
    with board.tenant():
        survey = round_create(organisation=board.organisation, acting_user=board.coordinator, name="Najaar",
                              opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
                              class_ids=[board.school_class.pk])
        return RoundClass.objects.get(round=survey)


def every_queuing_request(board):
    """(user, url, data) of every page that used to lay out a PDF in its request."""
    case = at_step_two(board)
    with board.tenant():
        draft = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="target_parents")
    rc = a_round_class(board)
    return [
        (board.management, reverse("incidents:case_account_pdf", args=[case.pk]), {}),
        (board.mentor, reverse("incidents:letter_pdf", args=[draft.pk]), {}),
        (board.mentor, reverse("incidents:letter_send", args=[draft.pk]), {"checked": "on"}),
        (board.coordinator, reverse("monitoring:codes_issue", args=[rc.round_id, rc.pk]), {f"c{rc.pk}-count": "3"}),
        (board.management, reverse("monitoring:privacy_export", args=[board.student.pk, "pdf"]), {}),
    ]


@contextmanager
def no_pdf_layout():
    """Laying out a PDF fails loudly; the task is not run (a real broker would only take it)."""
    original = weasyprint.HTML.write_pdf
    queued: list[tuple] = []

    def forbidden(*args, **kwargs):
        raise AssertionError("a PDF was laid out inside a web request")

    def delay(*args):
        queued.append(args)

    weasyprint.HTML.write_pdf = forbidden
    original_delay, eager = tasks.render_document_job.delay, celery_app.conf.task_always_eager
    tasks.render_document_job.delay = delay
    celery_app.conf.task_always_eager = False
    try:
        yield queued
    finally:
        weasyprint.HTML.write_pdf = original
        tasks.render_document_job.delay = original_delay
        celery_app.conf.task_always_eager = eager


# --- no PDF in a request ------------------------------------------------------------
def test_no_page_lays_out_a_pdf_in_its_request_it_only_queues_a_job(board):
    for user, url, data in every_queuing_request(board):
        client = client_for(user)
        with no_pdf_layout() as queued, TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(url, data)
        job = job_of(response, board)
        assert queued == [(str(board.organisation.pk), str(job.pk))], url
        assert job.status == "queued" and job.requested_by == user
        # The job page answers while the job waits: no PDF there either.
        with no_pdf_layout():
            page = client.get(page_url(job))
        assert page.status_code == 200 and "data-poll" in page.content.decode()
        # The worker's part, outside any request: the document comes out right.
        document_job_run(str(board.organisation.pk), job.pk)
        with board.tenant():
            job.refresh_from_db()
        assert (job.status, job.progress) == ("done", 100), (url, job.error)
        assert pdf_text(download(client, job)).strip(), url


def test_the_report_page_queues_too_and_no_route_answers_with_a_pdf_it_laid_out(board):
    """Every GET page of the case, letter, round and privacy views answers without
    WeasyPrint; a GET on a draft's PDF address goes back to the letter (nothing queued)."""
    case = at_step_two(board)
    with board.tenant():
        draft = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="target_parents")
    with no_pdf_layout() as queued:
        assert client_for(board.mentor).get(reverse("incidents:letter_pdf", args=[draft.pk])).status_code == 302
        assert client_for(board.management).get(
            reverse("monitoring:privacy_export", args=[board.student.pk, "pdf"])).status_code == 404
        assert client_for(board.management).get(reverse("incidents:case_account_pdf", args=[case.pk])).status_code == 405
    assert queued == []


# --- the job page -------------------------------------------------------------------
def test_the_job_page_polls_without_javascript_and_offers_the_download_when_done(board):
    case = walk_to_monitoring(board, open_case(board))
    client = client_for(board.management)
    with no_pdf_layout():
        response = client.post(reverse("incidents:case_account_pdf", args=[case.pk]))
    job = job_of(response, board)
    html = client.get(page_url(job)).content.decode()
    # The script follows the job in place; without it, a link reloads by hand.
    assert 'id="document-job" aria-live="polite" data-poll' in html and "js/document-job.js" in html
    assert "In de wachtrij" in html and f'href="{page_url(job)}"' in html and "Nu verversen" in html
    assert f"Verantwoording {case.reference}" in html
    assert client.get(download_url(job)).status_code == 404  # not done yet
    document_job_run(str(board.organisation.pk), job.pk)
    html = client.get(page_url(job)).content.decode()
    assert "data-poll" not in html and "Klaar" in html and download_url(job) in html
    assert f"verantwoording-{case.reference}.pdf" in html
    response = client.get(download_url(job))
    assert response["Content-Disposition"] == f'attachment; filename="verantwoording-{case.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    with board.tenant():
        audited = AuditEvent.objects.get(action="export", object_type="people.documentjob", object_id=str(job.pk))
    assert audited.actor == board.management and audited.detail == {"kind": "case_account", "case_id": case.pk}


def test_a_job_runs_once(board):
    case = walk_to_monitoring(board, open_case(board))
    job = queue(client_for(board.management), reverse("incidents:case_account_pdf", args=[case.pk]), board)
    with board.tenant():
        first = job.file.name
    document_job_run(str(board.organisation.pk), job.pk)  # a re-delivered message
    with board.tenant():
        job.refresh_from_db()
    assert job.status == "done" and job.file.name == first and job.attempts == 1


def test_a_job_whose_worker_died_is_taken_again_once_abandoned(board):
    case = walk_to_monitoring(board, open_case(board))
    with no_pdf_layout():
        response = client_for(board.management).post(reverse("incidents:case_account_pdf", args=[case.pk]))
    job = job_of(response, board)
    org = str(board.organisation.pk)
    for minutes_ago, expected in ((1, "running"), (11, "done")):
        with board.tenant():
            DocumentJob.objects.filter(pk=job.pk).update(
                status="running", claimed_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
        document_job_run(org, job.pk)  # the message again, after the worker was killed
        with board.tenant():
            job.refresh_from_db()
        assert job.status == expected, minutes_ago


# --- walls --------------------------------------------------------------------------
def test_another_tenant_and_another_user_get_404_on_the_page_the_file_and_the_retry(board, other_board):
    case = walk_to_monitoring(board, open_case(board))
    job = queue(client_for(board.management), reverse("incidents:case_account_pdf", args=[case.pk]), board)
    assert job.status == "done"
    # board.coordinator may read the case account too, but the job is not theirs.
    for user in (other_board.management, other_board.board_coordinator, board.coordinator, board.mentor):
        client = client_for(user)
        assert client.get(page_url(job)).status_code == 404, user
        assert client.get(download_url(job)).status_code == 404, user
        assert client.post(retry_url(job)).status_code == 404, user
    owner = client_for(board.management)
    for bad in ("1", "abc", "00000000-0000-0000-0000-000000000000", str(job.pk)[:-1]):
        assert owner.get(reverse("people:document_job", args=[bad])).status_code == 404
    assert Client().get(page_url(job)).status_code == 302  # anonymous: to the log-in page
    with board.tenant():
        assert not AuditEvent.objects.filter(action="export", object_type="people.documentjob").exists()


def test_a_right_withdrawn_after_queuing_means_404_on_the_page_and_the_download(board):
    manager = f.UserFactory(organisation=board.organisation)
    with board.tenant():
        assignment = RoleAssignment.objects.create(organisation=board.organisation, user=manager,
                                                   role=Role.BRANCH_MANAGEMENT, branch=board.branch)
    client = client_for(manager)
    job = queue(client, reverse("monitoring:privacy_export", args=[board.student.pk, "pdf"]), board)
    assert job.status == "done" and client.get(download_url(job)).status_code == 200
    with board.tenant():
        role_revoke(assignment=assignment, acting_user=None)
    assert client.get(page_url(job)).status_code == 404
    assert client.get(download_url(job)).status_code == 404


def test_a_right_withdrawn_before_the_worker_runs_fails_the_job_with_a_message(board):
    manager = f.UserFactory(organisation=board.organisation)
    with board.tenant():
        assignment = RoleAssignment.objects.create(organisation=board.organisation, user=manager,
                                                   role=Role.BRANCH_MANAGEMENT, branch=board.branch)
    with no_pdf_layout():
        response = client_for(manager).post(reverse("monitoring:privacy_export", args=[board.student.pk, "pdf"]))
    job = job_of(response, board)
    with board.tenant():
        role_revoke(assignment=assignment, acting_user=None)
    document_job_run(str(board.organisation.pk), job.pk)
    with board.tenant():
        job.refresh_from_db()
    assert (job.status, job.error, bool(job.file)) == ("failed", "U heeft geen toegang meer tot dit document.", False)


# --- failure and retry --------------------------------------------------------------
def test_a_failed_job_says_so_in_plain_dutch_and_can_be_retried(board, monkeypatch):
    case = walk_to_monitoring(board, open_case(board))
    client = client_for(board.management)

    def broken(*args, **kwargs):
        raise RuntimeError("cairo: out of memory")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    job = queue(client, reverse("incidents:case_account_pdf", args=[case.pk]), board)
    assert (job.status, job.error) == ("failed", str(FAILED))
    html = client.get(page_url(job)).content.decode()
    assert "Mislukt" in html and "Het document kon niet worden gemaakt." in html and "cairo" not in html
    assert retry_url(job) in html and "Probeer het opnieuw" in html and "data-poll" not in html
    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(retry_url(job))
    assert response.status_code == 302 and response["Location"] == page_url(job)
    with board.tenant():
        job.refresh_from_db()
        assert AuditEvent.objects.filter(action="update", object_id=str(job.pk), detail__retry=True).exists()
    assert (job.status, job.attempts, job.error) == ("done", 2, "")
    assert case.reference in pdf_text(download(client, job))
    # A done job is not queued again.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(retry_url(job))
    with board.tenant():
        job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_failed_slips_issue_no_codes(board, monkeypatch):
    rc = a_round_class(board)

    def broken(*args, **kwargs):
        raise RuntimeError("layout")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    job = queue(client_for(board.coordinator), reverse("monitoring:codes_issue", args=[rc.round_id, rc.pk]), board,
                {f"c{rc.pk}-count": "5"})
    assert job.status == "failed"
    with board.tenant():
        rc.refresh_from_db()
        assert rc.invited == 0 and not AccessCode.objects.filter(round_class=rc).exists()


def test_a_letter_already_sent_is_refused_on_the_letter_page_before_any_job(board):
    case = at_step_two(board)
    with board.tenant():
        draft = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="target_parents")
        letters.letter_send(letter=draft, acting_user=board.mentor)
    response = client_for(board.mentor).post(reverse("incidents:letter_send", args=[draft.pk]), {"checked": "on"})
    assert response.status_code == 400
    with board.tenant():
        assert not DocumentJob.objects.exists()


# --- expiry -------------------------------------------------------------------------
def test_jobs_expire_with_their_files(board, settings):
    case = walk_to_monitoring(board, open_case(board))
    job = queue(client_for(board.management), reverse("incidents:case_account_pdf", args=[case.pk]), board)
    with board.tenant():
        path = job.file.path
    assert settings.DOCUMENT_JOB_TTL_HOURS == 24
    assert job.expires_at - job.created_at == dt.timedelta(hours=24)
    assert document_jobs_expire(now=job.expires_at - dt.timedelta(seconds=1)) == 0
    assert document_jobs_expire(now=job.expires_at) == 1
    import os

    assert not os.path.exists(path)
    with board.tenant():
        assert not DocumentJob.objects.exists()
    assert client_for(board.management).get(page_url(job)).status_code == 404
    assert settings.CELERY_BEAT_SCHEDULE["expire-document-jobs"]["task"] == "people.tasks.expire_document_jobs"


def test_every_kind_is_registered_by_its_app():
    assert registry.names() == ["case_account", "letter_preview", "letter_send", "subject_access", "survey_slips"]
