"""Management uploads a Magister export, reads the dry run, then imports it (people.imports)."""
from __future__ import annotations

import pytest

from people.models import Student
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Vestiging;Klas\n"


def csp_errors(browser_page) -> list[str]:
    return [e for e in browser_page.console_errors if "Content Security Policy" in e or "Refused" in e]


def export(board, rows: list[str], tmp_path, name="leerlingen.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_management_uploads_sees_the_dry_run_and_imports(page, board, tmp_path):
    with board.tenant():
        before = Student.objects.for_organisation(board.organisation).count()
        existing = board.student
    rows = [f"{700000 + i};Leerling{i};{'de' if i % 3 == 0 else ''};Achternaam{i};0{i % 9 + 1}-04-2013;{board.branch.name};1G"
            for i in range(14)]
    rows.append(f"{existing.external_id};{existing.first_name};;Nieuw-{existing.last_name};;{board.branch.name};")
    path = export(board, rows, tmp_path)

    page.log_in(board.management.email, f.PASSWORD)
    p = page.page
    p.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    p.wait_for_load_state()
    assert p.locator("h1").inner_text() == "Importeren uit het leerlingvolgsysteem"
    p.get_by_label("Leerlingen").check()
    p.get_by_label("Bestand").set_input_files(str(path))
    page.screenshot("import-upload-desktop")
    p.get_by_role("button", name="Voorvertoning bekijken").click()
    p.wait_for_load_state()

    assert p.locator("h1").inner_text() == "Voorvertoning: leerlingen"
    counts = p.get_by_role("list", name="Samenvatting").inner_text()
    assert "14\nnieuw" in counts and "1\nbijgewerkt" in counts and "0\nfouten" in counts
    assert p.get_by_role("heading", name="Wordt aangemaakt (de eerste 10)").is_visible()
    assert f"achternaam: {existing.last_name} → Nieuw-{existing.last_name}" in p.content()
    assert "Nieuwe klassen: 1G." in p.content()
    assert p.get_by_label("Leerlingnummer").input_value() == "external_id"
    page.screenshot("import-dry-run-desktop")
    with board.tenant():
        assert Student.objects.for_organisation(board.organisation).count() == before  # nothing written yet

    p.get_by_role("button", name="Importeren").click()
    p.wait_for_load_state()
    assert "Import klaar: 14 aangemaakt, 1 bijgewerkt, 0 ongewijzigd." in p.locator(".messages").inner_text()
    page.screenshot("import-done-desktop")
    with board.tenant():
        assert Student.objects.for_organisation(board.organisation).count() == before + 14
        assert Student.objects.for_organisation(board.organisation).get(pk=existing.pk).last_name.startswith("Nieuw-")
    assert csp_errors(page) == []


def test_a_bad_file_shows_row_errors_and_no_import_button_on_a_phone(phone, board, tmp_path):
    path = export(board, [f"1;Sanne;;Dijk;31-02-2013;{board.branch.name};1A",
                          "2;Bram;;Bos;01-02-2013;Atlantis;1A",
                          f"1;Sanne;;Dijk;01-02-2013;{board.branch.name};1A"], tmp_path)
    phone.log_in(board.management.email, f.PASSWORD)
    p = phone.page
    phone.goto("/importeren/")
    p.get_by_label("Bestand").set_input_files(str(path))
    p.get_by_role("button", name="Voorvertoning bekijken").click()
    p.wait_for_load_state()
    alert = p.get_by_role("alert")
    assert "Het bestand bevat fouten: er wordt niets geïmporteerd" in alert.inner_text()
    assert "Rij 2: Ongeldige geboortedatum ‘31-02-2013’; gebruik dd-mm-jjjj." in alert.inner_text()
    assert "Rij 3: Onbekende vestiging ‘Atlantis’." in alert.inner_text()
    assert "Rij 4: Leerlingnummer 1 staat ook in rij 2." in alert.inner_text()
    assert p.get_by_role("button", name="Importeren").count() == 0
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("import-errors-phone")
    wrong = tmp_path / "leerlingen.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    phone.goto("/importeren/")
    p.get_by_label("Bestand").set_input_files(str(wrong))
    p.get_by_role("button", name="Voorvertoning bekijken").click()
    p.wait_for_load_state()
    assert "Dit is geen CSV- of Excel-bestand (.csv of .xlsx)." in p.get_by_role("alert").inner_text()
    phone.screenshot("import-wrong-file-phone")
    assert csp_errors(phone) == []
