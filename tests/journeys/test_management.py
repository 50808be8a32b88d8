"""Branch management: reads the safety dashboard, exports the inspection report as PDF and opens it.

One story on a desktop screen. The branch had a thermometer round (twelve students
answered, through the service) and a case that reached monitoring. Management logs in,
looks at "Veiligheid", opens "Inspectierapport", reads the report as a web page first,
then asks for the PDF, saves the download and opens it: the text (pdftotext) names the
school year and the branch and no pupil, and its first page is kept as a picture
(pdftoppm) next to the screenshots in artifacts/journeys/management/. axe runs on every
page the browser shows.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from monitoring import services as monitoring_services
from monitoring.instrument import load_instrument
from monitoring.models import RoundClass
from tests import factories as f
from tests.incidents.helpers import open_case, walk_to_monitoring
from tests.monitoring.survey import close_and_release, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSTRUMENT = load_instrument()


def a_round_with_answers(board, answers: int = 12) -> None:
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer najaar",
            opens_at=now - dt.timedelta(days=2), closes_at=now + dt.timedelta(days=5), class_ids=[board.school_class.pk],
        )
        codes = monitoring_services.codes_issue(round_class=RoundClass.objects.get(round=survey), count=answers,
                                         acting_user=board.coordinator)
    for i, code in enumerate(codes):
        submit(code, {k: (i + n) % 6 for n, k in enumerate(INSTRUMENT.item_keys)}, gender="girl" if i % 2 else "boy")
    close_and_release(survey)  # results are published once the round has closed


def test_management_exports_the_inspection_report_and_opens_the_pdf(journey, board):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed; bin/setup installs it")
    a_round_with_answers(board)
    walk_to_monitoring(board, open_case(board))
    m = journey("management")
    p = m.page

    m.goto("/inloggen/", "login")
    p.get_by_label("E-mailadres").fill(board.management.email)
    p.get_by_label("Wachtwoord").fill(f.PASSWORD)
    m.click(p.locator("main button[type=submit]"), "home")
    nav = p.get_by_role("navigation", name="Hoofdmenu")

    m.click(nav.get_by_role("link", name="Veiligheid"), "safety-dashboard")
    assert p.locator("h1").inner_text() == f"Veiligheid op {board.branch.name}"
    assert p.get_by_test_id("respondents").inner_text() == "12"

    m.click(p.locator("nav.section-nav").get_by_role("link", name="Inspectierapport"), "report-choice")
    assert p.locator("h1").inner_text() == "Inspectierapport"
    p.get_by_label("Vestiging").select_option(label=board.branch.name)
    year = board.school_class.school_year
    p.get_by_label("Schooljaar").select_option(label=year.name)

    # First as a web page, to read it.
    p.get_by_label("Webpagina").check()
    m.click(p.get_by_role("button", name="Maken"), "report-page")
    page_text = p.locator("main").inner_text()
    assert board.branch.name in page_text and "Nieuwe zaken" in page_text
    assert board.student.last_name not in page_text
    p.go_back()
    p.wait_for_load_state()

    # Then the PDF for the inspector: a download, saved and opened.
    # The PDF is made by a background job (issue 16); the page shows its progress and
    # then the download (Celery runs eagerly in the tests, so it is ready at once).
    p.get_by_label("PDF").check()
    m.click(p.get_by_role("button", name="Maken"), "report-job")
    assert "Klaar" in p.locator("main").inner_text()
    with p.expect_download() as download_info:
        p.get_by_role("link", name="Download het rapport (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    target = m.folder / "inspectierapport.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Inspectierapport {year.name}" in " ".join(text.split())
    assert board.branch.name in text
    for pupil in (board.student, board.other_student):
        assert pupil.last_name not in text  # no pupil is named in the report
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(target),
                        str(m.folder / f"{len(list(m.folder.glob('*.png'))) + 1:02d}-pdf-first-page")], check=True)

    m.assert_clean()
