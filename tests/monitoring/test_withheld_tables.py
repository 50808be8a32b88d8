"""A report table whose every count suppression hid is withheld with a sentence why (issue 11, item 7)."""
from __future__ import annotations

from django.template.loader import render_to_string

from monitoring.report.figures import Breakdown, Row


def _table(rows, total, has_total=True):
    return Breakdown(key="signals", title="Signalen per bron", rows=rows, total=total, has_total=has_total,
                     total_display="< 10" if total is None else str(total), k=10)


def test_a_table_with_nothing_but_hidden_counts_is_withheld_with_a_reason():
    table = _table([Row("staff", "Personeel", None, "< 10"), Row("public", "Openbare melding", 0, "0")], None)
    assert table.withheld
    html = render_to_string("monitoring/report/_breakdown.html", {"t": table})
    assert 'data-withheld="1"' in html and "Deze tabel is weggelaten" in html and "minder dan 10" in html
    assert "<table" not in html and "&lt; 10" not in html


def test_a_table_that_still_shows_a_count_is_kept():
    kept = [
        _table([Row("staff", "Personeel", 12, "12"), Row("public", "Openbare melding", None, "< 10")], None),
        _table([Row("staff", "Personeel", None, "< 10"), Row("public", "Openbare melding", None, "< 10")], 15),
        _table([Row("staff", "Personeel", 0, "0")], 0),
    ]
    for table in kept:
        assert not table.withheld
        html = render_to_string("monitoring/report/_breakdown.html", {"t": table})
        assert "<table" in html and "Deze tabel is weggelaten" not in html
