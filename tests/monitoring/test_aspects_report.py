"""The inspection report shows the three aspects (PDF text; PNGs for a look when
$REPORT_PNG_DIR is set), with the same figures as the dashboard's selectors."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from monitoring import aspects, results
from monitoring.charts import format_mean
from monitoring.report.content import build_report
from monitoring.report.render import render_report_pdf
from tests.monitoring.test_aspects import run_round
from tests.monitoring.test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_pdf_shows_the_three_aspects_per_department_and_leerjaar(board):
    survey = run_round(board)
    year = board.school_class.school_year
    with board.tenant():
        report = build_report(organisation_id=board.organisation.pk, school_year=year, branch=board.branch)
        pdf = render_report_pdf(report)
        asp = aspects.branch_aspects(results.branch_breakdowns(survey=survey, branch=board.branch))
    if out := os.environ.get("REPORT_PNG_DIR"):
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "aspects.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(Path(out) / "aspects.pdf"), str(Path(out) / "page")],
                       check=True)
    text = " ".join(pdf_text(pdf).split())
    for label in ("Veiligheidsbeleving", "Aantasting", "Welbevinden", "Per leerjaar",
                  "Leerjaar 1", "Leerjaar 2", "Om mijn politieke gezindheid", "Pestvragen"):
        assert label in text, label
    for value in asp.branch.mean_list():
        assert format_mean(value, "nl") in text
