"""A document made by a background job (issue 16), as the user sees it: management asks
for a case account as PDF, waits on the job page (it follows the job by itself; a link
reloads by hand without JavaScript), downloads the PDF and opens it; a second request fails, says so in plain Dutch, and
succeeds when retried. Screenshots in artifacts/journeys/documents/, axe on every page."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import weasyprint

from people import tasks
from people.documents.services import document_job_run
from tests import factories as f
from tests.incidents.helpers import open_case, walk_to_monitoring

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_management_waits_for_the_case_account_downloads_it_and_retries_a_failed_one(journey, board, monkeypatch):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; bin/setup installs it")
    case = walk_to_monitoring(board, open_case(board))
    j = journey("documents")
    p = j.page
    j.goto("/inloggen/", "login")
    p.get_by_label("E-mailadres").fill(board.management.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    j.click(p.locator("main button[type=submit]"), "home")
    j.goto(f"/zaken/{case.pk}/verantwoording/", "case-account")

    # The worker has not taken the job yet: the page says it waits and reloads itself.
    queued = []
    monkeypatch.setattr(tasks.render_document_job, "delay", lambda *args: queued.append(args))
    j.click(p.get_by_role("button", name="Download als PDF"), "document-queued")
    assert p.locator("h1").inner_text() == f"Verantwoording {case.reference}"
    assert "In de wachtrij" in p.locator("main").inner_text()
    assert p.locator("#document-job[data-poll]").count() == 1
    (org_id, job_id), = queued
    document_job_run(org_id, job_id)  # the worker's part
    # The page follows the job by itself (the status section is swapped in place).
    p.get_by_text("Klaar", exact=True).wait_for(timeout=10_000)
    assert p.locator("#document-job[data-poll]").count() == 0
    j.seen("document-done")
    filename = f"verantwoording-{case.reference}.pdf"
    with p.expect_download() as download_info:
        p.get_by_role("link", name=f"Download {filename}").click()
    download = download_info.value
    assert download.suggested_filename == filename
    target = j.folder / filename
    download.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert case.reference in text and "Stappen van het protocol" in text
    monkeypatch.undo()

    # Rendering breaks: a plain message and a retry button, no traceback.
    j.click(p.get_by_role("link", name="Terug"), "case-account-again")

    def broken(*args, **kwargs):
        raise RuntimeError("cairo: out of memory")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    j.click(p.get_by_role("button", name="Download als PDF"), "document-failed")
    main = p.locator("main").inner_text()
    assert "Mislukt" in main and "Het document kon niet worden gemaakt." in main and "cairo" not in main
    monkeypatch.undo()
    j.click(p.get_by_role("button", name="Probeer het opnieuw"), "document-retried")
    assert "Klaar" in p.locator("main").inner_text()
    j.assert_clean()
