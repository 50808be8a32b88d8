"""The inspection report as PDF: every section, the figures, no names, suppression; and
the pages themselves (PNG) for a look."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from monitoring.report.content import build_report
from monitoring.report.register import MeasureInput, ProgrammeInput, register_save
from monitoring.report.render import render_report_pdf
from monitoring.report.vocab import MEASURE_KEYS
from people.models import SchoolYear, Student, User
from tests.monitoring.test_report_figures import build_year, expected

pytestmark = pytest.mark.django_db

SECTIONS = ["Inhoud", "Contactpersonen", "Preventie", "Algemene maatregelen", "Programma's", "Monitoring",
            "Registratie", "Termijnen", "Evaluatie (PDCA)", "Bijlage: definities"]


def pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def fill_register(board, year):
    with board.tenant():
        register_save(
            branch=board.branch, school_year=year, acting_user=board.coordinator,
            measures=[MeasureInput(k, True, f"Zo doen wij {k}: elk jaar geëvalueerd, ‘samen’ besproken.") for k in MEASURE_KEYS],
            programmes=[ProgrammeInput("kiva", "", "Mentoren, leerjaar 1 en 2", "September tot en met januari"),
                        ProgrammeInput("other", "Raad voor de Veiligheid", "Leerlingen uit alle leerjaren", "Maandelijks")],
            pdca={"plan_text": "Elke leerling veilig.", "do_text": "Mentorlessen over omgaan met elkaar.",
                  "check_text": "De thermometer in november.", "act_text": "Meer toezicht in de aula."},
        )


@pytest.fixture
def year_data(board):
    data = build_year(board)
    fill_register(board, data["year"])
    return data


def render(board, year, branch):
    with board.tenant():
        report = build_report(organisation_id=board.organisation.pk, school_year=year, branch=branch)
        return render_report_pdf(report)


def test_the_branch_report_has_every_section_the_figures_and_no_names(board, year_data):
    year = year_data["year"]
    pdf = render(board, year, board.branch)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    for heading in SECTIONS:
        assert heading in text, heading
    want = expected(board, year, board.branch)
    assert re.search(rf"Nog open aan het eind van het schooljaar\s+{want['open']}\s+Totaal\s+{want['cases']}", flat)
    assert "Aantallen van 1 tot en met 9 staan er als ‘< 10’" in flat
    assert re.search(r"Afgesloten: plagen, geen pesten\s+< 10", flat)  # 11, hidden as a complement
    assert re.search(r"Begeleiding\s+11", flat) and re.search(r"Training\s+< 10", flat)
    assert "6,5" in flat  # median days to close
    # Contacts are published; nobody else is named.
    assert "Fatima el Amrani-Vrolijk" in flat and "Joost Zwanenburg-Oudeman" in flat
    with board.tenant():
        students = list(Student.objects.all())
    assert students
    for s in students:
        assert s.full_name not in flat and s.last_name not in flat, s.full_name
    for user in User.objects.filter(organisation=board.organisation):
        assert user.full_name not in flat, user.full_name
    # Monitoring per department, Dutch characters intact, page furniture.
    assert "Havo/vwo" in flat and "Vmbo-tl" in flat and "Thermometer najaar 2026" in flat
    assert "geëvalueerd" in flat and "‘samen’" in flat and "KiVa" in flat and "Raad voor de Veiligheid" in flat
    assert re.search(r"Pagina 2 van \d+", flat)
    # Issue 17, item 8: two section charts, each saying which way is good.
    assert "Veiligheid — hoger is beter: gemiddelde per onderdeel" in flat
    assert "Onveiligheid en pesten — lager is beter: gemiddelde per onderdeel" in flat
    assert "Inspectierapport 2026-2027" in flat


def test_the_board_report_has_the_overview_and_every_branch(board, year_data):
    pdf = render(board, year_data["year"], None)
    text = " ".join(pdf_text(pdf).split())
    assert "De organisatie als geheel" in text and "Alle vestigingen" in text
    assert board.branch.name in text and board.other_branch.name in text
    assert "Registratie: alle vestigingen samen" in text


def test_an_empty_year_says_so(board):
    with board.tenant():
        empty = SchoolYear.objects.create(organisation=board.organisation, name="2031-2032",
                                          starts_on="2031-08-01", ends_on="2032-07-31")
        empty.refresh_from_db()
    text = " ".join(pdf_text(render(board, empty, board.branch)).split())
    assert "Geen gegevens" in text
    for heading in SECTIONS:
        assert heading in text


def test_render_pages_for_a_look(board, year_data):
    """Writes PNGs of every page to $REPORT_PNG_DIR when set (pdftoppm -png -r 70)."""
    out = os.environ.get("REPORT_PNG_DIR")
    if not out:
        pytest.skip("set REPORT_PNG_DIR to look at the pages")
    pdf = render(board, year_data["year"], board.branch)
    Path(out).mkdir(parents=True, exist_ok=True)
    (Path(out) / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(Path(out) / "report.pdf"), str(Path(out) / "page")], check=True)


def test_the_chart_is_the_dashboards_chart(board, year_data):
    from monitoring import result_charts, results
    from monitoring.report.content import _relabel, round_block

    survey = year_data["survey"]
    with board.tenant():
        ours = round_block(survey=survey, branch=board.branch)
        dashboard = result_charts.sections_charts(results.branch_results(survey=survey, branch=board.branch))
    # Two charts, as on the dashboard: never "higher is safer" and "higher is worse" in one.
    assert [h for h, _svg in ours.charts] == ["Veiligheid — hoger is beter", "Onveiligheid en pesten — lager is beter"]
    assert [str(svg) for _h, svg in ours.charts] == [
        _relabel(svg, f"r{survey.pk}-b{board.branch.pk}") for _h, svg in dashboard
    ]
    assert 'id="chart-sections' not in "".join(str(svg) for _h, svg in ours.charts)  # unique ids per round/branch
    assert [d.respondents for d in ours.departments] == [25, 12]
