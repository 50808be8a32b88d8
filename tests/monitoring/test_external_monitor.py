"""External monitor results (issue 13, item 5): import with a column mapping and a dry run,
a clear error per row, nothing half-imported; the duty counts them; the report shows them."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from monitoring import duty
from monitoring.external.models import ExternalMonitorResult
from monitoring.external.services import external_results_import

pytestmark = pytest.mark.django_db


def csv_of(board, *rows, header="Locatie;Jaar;Bron;N;Van;Tot;Veilig;Aantasting;Welzijn;Gepest"):
    return (header + "\n" + "\n".join(rows) + "\n").encode("utf-8-sig")


MAPPING = {"vestiging": "Locatie", "schooljaar": "Jaar", "monitor": "Bron", "respondenten": "N", "schaal_van": "Van",
           "schaal_tot": "Tot", "veiligheidsbeleving": "Veilig", "aantasting": "Aantasting", "welbevinden": "Welzijn",
           "aandeel_gepest": "Gepest"}


def do_import(board, data, *, user=None, dry_run=False):
    with board.tenant():
        return external_results_import(organisation=board.organisation, acting_user=user or board.management,
                                       data=data, mapping=MAPPING, dry_run=dry_run)


def stored(board):
    with board.tenant():
        return list(ExternalMonitorResult.objects.values_list("branch_id", "instrument", "respondents"))


def test_a_good_file_is_imported_through_the_mapping_and_a_dry_run_saves_nothing(board):
    name = board.branch.name
    data = csv_of(board, f"{name};2026-2027;Vensters;212;1;4;3,2;1,4;3,1;0,08")
    report = do_import(board, data, dry_run=True)
    assert report.ok and report.saved == 0 and stored(board) == []
    report = do_import(board, data)
    assert report.ok and report.saved == 1
    assert stored(board) == [(board.branch.pk, "vensters", 212)]
    with board.tenant():
        row = ExternalMonitorResult.objects.get()
        assert (float(row.safety_perception), float(row.bullied_share)) == (3.2, 0.08)


def test_a_bad_file_gets_one_clear_error_per_row_and_nothing_is_imported(board, other_board):
    name = board.branch.name
    data = csv_of(
        board,
        f"{name};2026-2027;Vensters;212;1;4;3,2;1,4;3,1;0,08",        # fine, but not saved: another row is bad
        f"{other_board.branch.name};2026-2027;ZIEN!;40;1;4;3;2;3;0,1",  # another board's branch
        f"{name};2031-2032;ZIEN!;40;1;4;3;2;3;0,1",                    # no such school year
        f"{name};2026-2027;Enquête;40;1;4;3;2;3;0,1",                  # unknown monitor
        f"{name};2026-2027;Veiligheidsmonitor;veel;1;4;9;2;3;12",      # not a number, outside the scale, share > 1
        f"{name};2026-2027;Vensters;10;1;4;3;2;3;0,1",                 # the same as the first line
    )
    report = do_import(board, data)
    assert not report.ok and report.saved == 0 and stored(board) == []
    errors = {r.line: r.errors for r in report.rows}
    assert errors[2] == []
    assert "vestiging" in errors[3][0] and "regel 3" in errors[3][0]
    assert "schooljaar ‘2031-2032’" in errors[4][0]
    assert "monitor ‘Enquête’" in errors[5][0]
    assert any("‘respondenten’ moet een heel getal" in e for e in errors[6])
    assert any("buiten de schaal" in e for e in errors[6])
    assert any("aandeel_gepest" in e for e in errors[6])
    assert "als regel 2" in errors[7][0]


def test_missing_columns_and_unreadable_files_are_refused_with_a_message(board):
    report = do_import(board, b"Naam;Iets\nA;B\n")
    assert not report.ok and "ontbreken" in report.file_errors[0] and stored(board) == []
    report = do_import(board, "Locatie;Jaar\n".encode("utf-16"))
    assert not report.ok and "UTF-8" in report.file_errors[0]
    assert "leeg" in do_import(board, b"").file_errors[0]


def test_only_management_imports(board):
    data = csv_of(board, f"{board.branch.name};2026-2027;Vensters;212;1;4;3,2;1,4;3,1;0,08")
    for user in (board.mentor, board.teacher, board.coordinator):
        with pytest.raises(PermissionDenied):
            do_import(board, data, user=user)
    assert stored(board) == []
    # branch management may not import for a branch it does not manage
    other = csv_of(board, f"{board.other_branch.name};2026-2027;Vensters;212;1;4;3,2;1,4;3,1;0,08")
    assert not do_import(board, other).ok
    assert do_import(board, other, user=board.board_coordinator).ok


def test_external_results_meet_the_yearly_duty_and_stand_in_the_report(client, board):
    with board.tenant():
        assert board.branch.pk in {d.branch.pk for d in duty.duty_followups_for(board.coordinator)}
    do_import(board, csv_of(board, f"{board.branch.name};2026-2027;Vensters;212;1;4;3,2;1,4;3,1;0,08"))
    with board.tenant():
        assert duty.duty_followups_for(board.coordinator) == []
    from monitoring.report.content import build_report
    from monitoring.report.render import render_report_html
    with board.tenant():
        html = render_report_html(build_report(organisation_id=board.organisation.pk,
                                               school_year=board.school_class.school_year, branch=board.branch))
    assert "Gevalideerde monitor (naast de thermometer)" in html and "Vensters" in html and "212" in html
    client.force_login(board.management)
    page = client.get(reverse("monitoring:external_results"))
    assert page.status_code == 200 and "Vensters" in page.content.decode()
    client.force_login(board.mentor)
    assert client.get(reverse("monitoring:external_results")).status_code == 404


def test_the_page_imports_with_a_dry_run_first(client, board):
    client.force_login(board.management)
    data = csv_of(board, f"{board.branch.name};2026-2027;Vensters;212;1;4;3,2;1,4;3,1;0,08")
    from django.core.files.uploadedfile import SimpleUploadedFile
    post = {**{f"col_{k}": v for k, v in MAPPING.items()}, "dry_run": "on"}
    page = client.post(reverse("monitoring:external_results"), {**post, "file": SimpleUploadedFile("v.csv", data)})
    assert page.status_code == 200 and "Proefimport" in page.content.decode() and stored(board) == []
    post.pop("dry_run")
    page = client.post(reverse("monitoring:external_results"), {**post, "file": SimpleUploadedFile("v.csv", data)})
    assert page.status_code == 302 and len(stored(board)) == 1
    bad = csv_of(board, f"{board.branch.name};2026-2027;Vensters;veel;1;4;3,2;1,4;3,1;0,08")
    page = client.post(reverse("monitoring:external_results"), {**post, "file": SimpleUploadedFile("v.csv", bad)})
    assert page.status_code == 400 and "moet een heel getal zijn" in page.content.decode()
