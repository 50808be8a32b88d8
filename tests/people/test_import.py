"""Importing students, staff and classes from SOMtoday/Magister exports (people.imports)."""
from __future__ import annotations

import datetime as dt

import pytest
import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from people import imports
from people.models import (
    AuditEvent,
    ClassMentor,
    ImportMapping,
    RoleAssignment,
    SchoolClass,
    Student,
    User,
)
from people.roles import Role
from tests import factories as f

MAGISTER = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Vestiging;Klas\n"


def csv_file(board, rows: list[str], header: str = MAGISTER) -> imports.Table:
    text = header + "".join(r + "\n" for r in rows)
    return imports.read_table(name="leerlingen.csv", content=text.encode())


def students_csv(board, n: int = 3, start: int = 1, class_name: str = "1A") -> imports.Table:
    rows = [f"9{i:05d};Sanne{i};van;Dijk{i};0{i % 9 + 1}-03-2013;{board.branch.name};{class_name}"
            for i in range(start, start + n)]
    return csv_file(board, rows)


def plan(board, table, kind="students", user=None, mapping=None):
    user = user or board.management
    with board.tenant():
        mapping = mapping or imports.mapping_for(organisation=board.organisation, kind=kind, headers=table.headers)
        return imports.plan_import(organisation=board.organisation, acting_user=user, kind=kind, table=table, mapping=mapping), mapping


def apply(board, table, kind="students", user=None, mapping=None):
    the_plan, mapping = plan(board, table, kind, user, mapping)
    with board.tenant():
        return imports.apply_import(organisation=board.organisation, acting_user=user or board.management, kind=kind,
                                    table=table, mapping=mapping, expected_digest=the_plan.digest())


def count_students(board) -> int:
    with board.tenant():
        return Student.objects.for_organisation(board.organisation).count()


# --- reading files ------------------------------------------------------------------------
def test_it_reads_magister_headers_without_a_saved_mapping(board):
    table = students_csv(board, 2)
    with board.tenant():
        mapping = imports.mapping_for(organisation=board.organisation, kind="students", headers=table.headers)
    assert mapping == {"Leerlingnummer": "external_id", "Roepnaam": "first_name", "Tussenvoegsel": "infix",
                       "Achternaam": "last_name", "Geboortedatum": "date_of_birth", "Vestiging": "branch",
                       "Klas": "school_class"}


def test_it_reads_xlsx(board):
    data = tablib.Dataset(headers=["Leerlingnummer", "Roepnaam", "Achternaam", "Geboortedatum", "Vestiging"])
    data.append([123456, "Noor", "Bakker", dt.datetime(2013, 5, 4), board.branch.slug])
    table = imports.read_table(name="export.xlsx", content=data.export("xlsx"))
    the_plan, _m = plan(board, table)
    assert not the_plan.has_errors, the_plan.errors
    row = the_plan.rows[0]
    assert (row.number, row.action, row.key) == (2, "create", "123456")
    assert row.values["date_of_birth"] == dt.date(2013, 5, 4)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leerlingen.pdf", b"%PDF-1.4", "Dit is geen CSV- of Excel-bestand (.csv of .xlsx). Exporteer het bestand opnieuw."),
        ("leerlingen.csv", b"", "Het bestand is leeg."),
        ("leerlingen.csv", b"Leerlingnummer;Roepnaam\n", "Het bestand bevat alleen een kopregel en geen gegevens."),
        ("leerlingen.xlsx", b"not a zip at all", "Dit is geen geldig Excel-bestand (.xlsx)."),
        ("leerlingen.xlsx", b"PK\x03\x04broken", "Het bestand kon niet worden gelezen. Controleer of het een CSV- of Excel-bestand is."),
        ("leerlingen.csv", b"A;B\n1;2;3\n", "Rij 2 heeft meer kolommen dan de kopregel."),
    ],
)
def test_it_refuses_bad_files_in_dutch(name, content, message):
    with pytest.raises(ValidationError) as caught:
        imports.read_table(name=name, content=content)
    assert caught.value.messages == [message]


# --- idempotence ----------------------------------------------------------------------
def test_it_creates_then_leaves_alone_then_updates_matched_on_the_external_id(board):
    before = count_students(board)
    table = students_csv(board, 3)
    the_plan, _m = plan(board, table)
    assert the_plan.counts == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert count_students(board) == before  # the dry run writes nothing
    assert any("1A" in note for note in the_plan.notes)

    _plan, result = apply(board, table)
    assert result["created"] == 3 and result["classes_created"] == 1 and result["placed"] == 3
    assert count_students(board) == before + 3

    again, _m = plan(board, students_csv(board, 3))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    apply(board, students_csv(board, 3))
    assert count_students(board) == before + 3

    changed = csv_file(board, [f"900001;Sanne1;van;Dijk-Jansen;02-03-2013;{board.branch.name};1B",
                               f"900002;Sanne2;van;Dijk2;03-03-2013;{board.branch.name};1A"])
    the_plan, _m = plan(board, changed)
    assert the_plan.counts == {"create": 0, "update": 1, "unchanged": 1, "error": 0}
    assert the_plan.rows[0].changes == ["achternaam: Dijk1 → Dijk-Jansen", "klas: 1A → 1B"]
    apply(board, changed)
    with board.tenant():
        student = Student.objects.for_organisation(board.organisation).get(external_id="900001")
        assert student.last_name == "Dijk-Jansen"
        assert list(student.enrolments.values_list("school_class__name", flat=True)) == ["1B"]
        assert AuditEvent.objects.for_organisation(board.organisation).filter(
            object_type="people.student", object_id=str(student.pk), action="update").exists()
    assert count_students(board) == before + 3


def test_it_reports_row_errors_with_row_numbers_and_writes_nothing(board):
    before = count_students(board)
    table = csv_file(board, [
        f"900001;Sanne;;Dijk;01-03-2013;{board.branch.name};1A",
        f"900002;Bram;;Bos;31-02-2013;{board.branch.name};1A",
        "900003;Fenna;;Vos;01-03-2013;Atlantis;1A",
        f"900001;Sanne;;Dijk;01-03-2013;{board.branch.name};1A",
        f"900004;;;;01-03-2013;{board.branch.name};1A",
    ])
    the_plan, mapping = plan(board, table)
    assert the_plan.has_errors
    assert the_plan.errors == [
        "Rij 3: Ongeldige geboortedatum ‘31-02-2013’; gebruik dd-mm-jjjj.",
        "Rij 4: Onbekende vestiging ‘Atlantis’.",
        "Rij 5: Leerlingnummer 900001 staat ook in rij 2.",
        "Rij 6: De roepnaam ontbreekt.",
        "Rij 6: De achternaam ontbreekt.",
    ]
    with board.tenant(), pytest.raises(ValidationError) as caught:
        imports.apply_import(organisation=board.organisation, acting_user=board.management, kind="students",
                             table=table, mapping=mapping, expected_digest=the_plan.digest())
    assert caught.value.messages == [str(imports.services.HAS_ERRORS)]
    assert count_students(board) == before
    with board.tenant():
        assert not SchoolClass.objects.for_organisation(board.organisation).filter(name="1A").exists()


def test_a_missing_required_column_is_a_file_error(board):
    table = csv_file(board, ["900001;Sanne"], header="Leerlingnummer;Roepnaam\n")
    the_plan, _m = plan(board, table)
    assert the_plan.errors == ["De verplichte kolom ‘Achternaam’ ontbreekt of is niet gekoppeld.",
                               "De verplichte kolom ‘Vestiging’ ontbreekt of is niet gekoppeld."]
    assert the_plan.rows == []


def test_it_refuses_to_apply_when_the_data_changed_after_the_preview(board):
    table = students_csv(board, 2)
    the_plan, mapping = plan(board, table)
    apply(board, students_csv(board, 1))  # someone else imported one of them in between
    with board.tenant(), pytest.raises(ValidationError) as caught:
        imports.apply_import(organisation=board.organisation, acting_user=board.management, kind="students",
                             table=table, mapping=mapping, expected_digest=the_plan.digest())
    assert caught.value.messages == [str(imports.services.STALE)]
    assert count_students(board) == 2 + 1


def test_it_saves_the_column_mapping_per_organisation(board, other_board):
    header = "LLNR;Naam kind;Familienaam;Locatie\n"
    table = csv_file(board, [f"77;Ayla;Demir;{board.branch.name}"], header=header)
    mapping = {"LLNR": "external_id", "Naam kind": "first_name", "Familienaam": "last_name", "Locatie": "branch"}
    apply(board, table, mapping=mapping)
    with board.tenant():
        assert imports.mapping_for(organisation=board.organisation, kind="students", headers=table.headers) == mapping
        assert ImportMapping.objects.for_organisation(board.organisation).get(kind="students").updated_by == board.management
    with other_board.tenant():
        guessed = imports.mapping_for(organisation=other_board.organisation, kind="students", headers=table.headers)
    assert guessed["LLNR"] == "external_id" and guessed["Naam kind"] == ""


# --- who may -----------------------------------------------------------------------------
def test_it_requires_management(board):
    table = students_csv(board, 1)
    for person in (board.mentor, board.teacher, board.coordinator, board.board_coordinator):
        with board.tenant(), pytest.raises(PermissionDenied):
            imports.plan_import(organisation=board.organisation, acting_user=person, kind="students", table=table,
                                mapping=imports.guess_mapping("students", table.headers))


def test_branch_management_imports_only_their_own_branch(board):
    table = csv_file(board, [f"900001;Sanne;;Dijk;01-03-2013;{board.other_branch.name};1A"])
    the_plan, _m = plan(board, table)
    assert the_plan.errors == [f"Rij 2: U mag niet importeren voor vestiging ‘{board.other_branch.name}’."]
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    the_plan, _m = plan(board, table, user=board_management)
    assert not the_plan.has_errors


# --- staff and classes ----------------------------------------------------------------------
def test_it_imports_staff_with_roles_idempotently(board, other_board):
    header = "E-mailadres;Naam;Rol;Vestiging\n"
    rows = [f"j.devries@school.example;Jan de Vries;Mentor;{board.branch.name}",
            f"j.devries@school.example;Jan de Vries;Docent;{board.branch.name}",
            f"a.pestco@school.example;Ali Pestco;Anti-pestcoördinator;{board.branch.slug}",
            f"{other_board.mentor.email};Iemand Anders;Docent;{board.branch.name}",
            f"x@school.example;Xander;Conciërge;{board.branch.name}"]
    table = imports.read_table(name="medewerkers.csv", content=(header + "\n".join(rows)).encode())
    the_plan, _m = plan(board, table, kind="staff")
    assert the_plan.errors == ["Rij 5: Dit e-mailadres hoort bij een andere organisatie.",
                               "Rij 6: Onbekende rol ‘Conciërge’."]
    table = imports.read_table(name="medewerkers.csv", content=(header + "\n".join(rows[:3])).encode())
    _plan, result = apply(board, table, kind="staff")
    assert result == {"created": 2, "updated": 0, "roles_granted": 3}
    jan = User.objects.get(email="j.devries@school.example")
    assert not jan.has_usable_password()
    with board.tenant():
        assert set(RoleAssignment.objects.for_organisation(board.organisation).filter(user=jan).values_list("role", flat=True)) == {"mentor", "teacher"}
    again, _m = plan(board, table, kind="staff")
    assert again.counts["unchanged"] == 3


def test_it_imports_classes_with_mentors(board):
    header = "Klas;Vestiging;Schooljaar;Leerjaar;E-mailadres mentor\n"
    year = board.school_class.school_year.name
    rows = [f"3C;{board.branch.name};{year};3;{board.teacher.email}",
            f"{board.school_class.name};{board.branch.name};{year};2;{board.teacher.email}",
            f"4D;{board.branch.name};2030-2031;4;",
            f"4E;{board.branch.name};{year};4;nobody@nowhere.example"]
    table = imports.read_table(name="klassen.csv", content=(header + "\n".join(rows)).encode())
    the_plan, _m = plan(board, table, kind="classes")
    assert the_plan.errors == ["Rij 4: Onbekend schooljaar ‘2030-2031’.",
                               "Rij 5: Onbekende medewerker ‘nobody@nowhere.example’: importeer eerst de medewerkers."]
    table = imports.read_table(name="klassen.csv", content=(header + "\n".join(rows[:2])).encode())
    the_plan, _m = plan(board, table, kind="classes")
    assert [r.action for r in the_plan.rows] == ["create", "update"]
    apply(board, table, kind="classes")
    with board.tenant():
        mentors = set(ClassMentor.objects.for_organisation(board.organisation).filter(
            school_class=board.school_class).values_list("mentor_id", flat=True))
        assert mentors == {board.teacher.pk}
        assert RoleAssignment.objects.for_organisation(board.organisation).filter(
            user=board.teacher, role=Role.MENTOR, branch=board.branch).exists()


# --- pages ------------------------------------------------------------------------------------
def upload(client, board, text: str, kind="students", name="leerlingen.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("people:import_start"), {"kind": kind, "file": SimpleUploadedFile(name, text.encode())})


def test_the_pages_show_a_dry_run_and_apply_exactly_it(client, board):
    client.force_login(board.management)
    before = count_students(board)
    text = MAGISTER + f"900001;Sanne;van;Dijk;01-03-2013;{board.branch.name};1A\n"
    response = upload(client, board, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Voorvertoning" in page and "Sanne van Dijk" in page and "Importeren" in page
    assert count_students(board) == before
    form = response.context["apply_form"]
    response = client.post(reverse("people:import_apply"), {**form.initial, **response.context["mapping_data"]}, follow=True)
    assert response.status_code == 200
    assert "1 aangemaakt" in response.content.decode()
    assert count_students(board) == before + 1


def test_the_pages_show_errors_and_offer_no_import(client, board):
    client.force_login(board.management)
    response = upload(client, board, MAGISTER + f"900001;Sanne;;Dijk;99-99-2013;{board.branch.name};1A\n")
    page = response.content.decode()
    assert "Rij 2: Ongeldige geboortedatum ‘99-99-2013’; gebruik dd-mm-jjjj." in page
    assert 'name="apply"' not in page
    response = upload(client, board, "%PDF", name="leerlingen.pdf")
    assert "Dit is geen CSV- of Excel-bestand" in response.content.decode()


def test_the_pages_are_for_management_only(client, board):
    client.force_login(board.mentor)
    assert client.get(reverse("people:import_start")).status_code == 403


def test_a_previewed_file_of_another_tenant_is_refused(client, board, other_board):
    client.force_login(board.management)
    response = upload(client, board, MAGISTER + f"900001;Sanne;;Dijk;01-03-2013;{board.branch.name};1A\n")
    data = {**response.context["apply_form"].initial, **response.context["mapping_data"]}
    client.force_login(other_board.management)
    response = client.post(reverse("people:import_apply"), data, follow=True)
    assert "Het bestand kon niet worden teruggevonden; upload het opnieuw." in response.content.decode()
    assert count_students(other_board) == 2
