"""The dossier's pages: who may load what, what bad input does, evidence and confidential notes."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from incidents import services
from incidents.models import Case, ConfidentialNote, Evidence, Participant, Signal, TimelineEntry
from people.models import AuditEvent
from tests import factories as f

from .helpers import log_signal, open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Leerling vertelde in vertrouwen over de thuissituatie (geheim-7731)."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def png(name="screenshot.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def text_of(response) -> str:
    return response.content.decode()


def login(client, user):
    client.force_login(user)
    return client


def case_url(case, name="incidents:case_detail"):
    return reverse(name, args=[case.pk])


def counts(board):
    with board.tenant():
        return (Signal.objects.count(), Case.objects.count(), TimelineEntry.objects.count(), Evidence.objects.count(),
                Participant.objects.count())


def evidence_of(board, case):
    with board.tenant():
        entry = services.entry_record(case=case, acting_user=board.mentor, kind="incident", attrs={"form": "digital"},
                                      text="Screenshot van de groepsapp", files=[png()])
        return entry.evidence.get()


# --- everyone must log in ------------------------------------------------------------
PAGE_NAMES = [
    ("incidents:signal_new", None), ("incidents:signal_list", None), ("incidents:case_list", None),
    ("incidents:my_cases", None), ("incidents:case_detail", "case"), ("incidents:evidence_download", "evidence"),
    ("incidents:student_cases", "student"), ("incidents:signal_done", "signal"),
]


@pytest.mark.parametrize("name,arg", PAGE_NAMES)
def test_it_sends_anonymous_visitors_to_the_login_page(client, name, arg):
    url = reverse(name, args=[1] if arg else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", ["entry_add", "case_transition", "participant_add", "confidential_note_add"])
def test_it_refuses_anonymous_posts(client, board, name):
    case = open_case(board)
    before = counts(board)
    response = client.post(reverse(f"incidents:{name}", args=[case.pk]), {"kind": "note", "text": "x"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert counts(board) == before


# --- other tenants get 404, everywhere ---------------------------------------------
def test_it_hides_another_boards_case_signal_evidence_and_student(client, board, other_board):
    case = open_case(board)
    evidence = evidence_of(board, case)
    signal = log_signal(board)
    login(client, other_board.coordinator)
    for url in (
        case_url(case), reverse("incidents:evidence_download", args=[evidence.pk]),
        reverse("incidents:signal_done", args=[signal.pk]), reverse("incidents:student_cases", args=[board.student.pk]),
    ):
        assert client.get(url).status_code == 404, url
    before = counts(board)
    for name, data in (
        ("entry_add", {"kind": "note", "text": "x"}),
        ("case_transition", {"transition": "close_as_teasing", "expected_step": "investigate", "reason": "x"}),
        ("participant_add", {"role": "bystander", "description": "x"}),
        ("confidential_note_add", {"text": "x"}),
    ):
        assert client.post(reverse(f"incidents:{name}", args=[case.pk]), data).status_code == 404, name
    for name in ("signal_open", "signal_dismiss", "signal_link"):
        assert client.post(reverse(f"incidents:{name}", args=[signal.pk]), {f"s{signal.pk}-reason": "x"}).status_code == 404
    assert counts(board) == before
    # And their lists do not show it.
    assert case.reference not in text_of(client.get(reverse("incidents:case_list")))
    assert "kantine" not in text_of(client.get(reverse("incidents:signal_list")))


# --- Nieuw signaal -------------------------------------------------------------------
def test_a_teacher_finds_a_student_by_name_and_logs_a_signal(client, board):
    login(client, board.teacher)
    page = client.get(reverse("incidents:signal_new"))
    assert page.status_code == 200 and "Nieuw signaal" in text_of(page)
    name = board.student.last_name
    found = client.post(reverse("incidents:signal_new"), {"branch": board.branch.pk, "q": name, "action": "search",
                                                          "description": "Half getypt"})
    assert f'name="rol_{board.student.pk}"' in text_of(found)
    assert "Half getypt" in text_of(found)  # what was typed survives the search
    response = client.post(reverse("incidents:signal_new"), {
        "branch": board.branch.pk, "action": "send", "description": "Wordt elke pauze uitgelachen.",
        f"rol_{board.student.pk}": "target", "other_role": "bully", "other_description": "onbekend, via Instagram",
        "forms": ["verbal", "digital"], "place": "Schoolplein", "occurred_on": "",
    })
    assert response.status_code == 302
    with board.tenant():
        signal = Signal.objects.get()
        roles = sorted((s.role, s.student_id, s.description) for s in signal.students.all())
    assert signal.reported_by == board.teacher and signal.forms == ["verbal", "digital"]
    assert roles == [("bully", None, "onbekend, via Instagram"), ("target", board.student.pk, "")]
    done = client.get(response["Location"])
    assert "anti-pestcoördinator" in text_of(done)


def test_a_signal_with_bad_input_says_what_is_wrong_and_saves_nothing(client, board, other_board):
    login(client, board.mentor)
    url = reverse("incidents:signal_new")
    base = {"branch": board.branch.pk, "action": "send"}
    missing = client.post(url, {**base, f"rol_{board.student.pk}": "target"})
    assert "Beschrijf kort wat er is gebeurd." in text_of(missing)
    nobody = client.post(url, {**base, "description": "Iets gezien"})
    assert "Kies ten minste één betrokken leerling" in text_of(nobody)
    foreign = client.post(url, {**base, "description": "Iets", f"rol_{other_board.student.pk}": "target"})
    assert "Deze leerling is niet gevonden" in text_of(foreign)
    unknown = client.post(url, {**base, "description": "Iets", "rol_99999999": "target"})
    assert "Deze leerling is niet gevonden" in text_of(unknown)
    ground = client.post(url, {**base, "description": "Iets", f"rol_{board.student.pk}": "target", "forms": ["discrimination"]})
    assert "op grond waarvan gediscrimineerd" in text_of(ground)
    future = client.post(url, {**base, "description": "Iets", f"rol_{board.student.pk}": "target", "occurred_on": "2999-01-01"})
    assert "De datum ligt in de toekomst." in text_of(future)
    bad_role = client.post(url, {**base, "description": "Iets", f"rol_{board.student.pk}": "koning"})
    assert "geen geldige keuze" in text_of(bad_role) or "Selecteer een geldige keuze" in text_of(bad_role)
    with board.tenant():
        assert not Signal.objects.exists()


def test_a_student_of_another_branch_cannot_be_picked(client, board):
    elsewhere = f.StudentFactory(branch=board.other_branch)
    login(client, board.teacher)
    found = client.post(reverse("incidents:signal_new"), {"branch": board.branch.pk, "q": elsewhere.last_name, "action": "search"})
    assert f'rol_{elsewhere.pk}"' not in text_of(found)
    sent = client.post(reverse("incidents:signal_new"), {"branch": board.branch.pk, "action": "send",
                                                         "description": "x", f"rol_{elsewhere.pk}": "target"})
    assert "Deze leerling is niet gevonden" in text_of(sent)


# --- triage ------------------------------------------------------------------------
def test_a_teacher_can_log_a_signal_but_not_open_a_case(client, board):
    signal = log_signal(board, by=board.teacher)
    login(client, board.teacher)
    assert client.get(reverse("incidents:signal_list")).status_code == 403
    assert client.post(reverse("incidents:signal_open", args=[signal.pk])).status_code == 403
    assert client.post(reverse("incidents:signal_dismiss", args=[signal.pk]), {f"s{signal.pk}-reason": "x"}).status_code == 403
    with board.tenant():
        assert not Case.objects.exists()
        signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW


def test_the_coordinator_opens_a_case_from_a_signal(client, board):
    signal = log_signal(board)
    login(client, board.coordinator)
    inbox = client.get(reverse("incidents:signal_list"))
    assert "kantine" in text_of(inbox) and board.student.full_name in text_of(inbox)
    response = client.post(reverse("incidents:signal_open", args=[signal.pk]), {f"s{signal.pk}-title": "Kantine 2B"})
    with board.tenant():
        case = Case.objects.get()
    assert response["Location"] == case_url(case)
    page = client.get(case_url(case))
    body = text_of(page)
    assert case.reference in body and "Kantine 2B" in body
    assert "Stap 1: Informatie verzamelen en gesprekken" in body
    assert "Stappenplan na melding of signaal van pesten" in body
    assert "Leg eerst het gesprek met de gepeste leerling vast." in body
    assert "Bijlage 10" in body  # what the seed says to do in step 1
    # Opening it twice is refused in plain Dutch.
    again = client.post(reverse("incidents:signal_open", args=[signal.pk]), follow=True)
    assert "al afgehandeld" in text_of(again)


def test_the_coordinator_links_or_dismisses_a_signal(client, board):
    case = open_case(board)
    second = log_signal(board, description="Weer in de kantine.")
    third = log_signal(board, description="Plagerij op het plein.")
    login(client, board.coordinator)
    client.post(reverse("incidents:signal_link", args=[second.pk]), {f"s{second.pk}-case": case.pk})
    empty = client.post(reverse("incidents:signal_dismiss", args=[third.pk]), {f"s{third.pk}-reason": " "}, follow=True)
    assert "Geef aan waarom" in text_of(empty)
    with board.tenant():
        third.refresh_from_db()
        assert third.status == Signal.Status.NEW
    client.post(reverse("incidents:signal_dismiss", args=[third.pk]), {f"s{third.pk}-reason": "Wederzijds plagen."})
    with board.tenant():
        second.refresh_from_db()
        third.refresh_from_db()
    assert (second.status, second.case_id) == (Signal.Status.LINKED, case.pk)
    assert third.status == Signal.Status.DISMISSED and third.handled_reason == "Wederzijds plagen."


# --- lists -----------------------------------------------------------------------------
def test_a_mentor_sees_only_their_cases_with_what_each_needs_next(client, board):
    mine = open_case(board)
    stranger_class = f.SchoolClassFactory(branch=board.branch, school_year=board.school_class.school_year)
    a = f.EnrolmentFactory(school_class=stranger_class).student
    b = f.EnrolmentFactory(school_class=stranger_class).student
    other_mentor = f.make_mentor_of(stranger_class)
    with board.tenant():
        signal = services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=other_mentor, description="Andere zaak",
            students=[services.SignalStudentInput(role="target", student_id=a.pk),
                      services.SignalStudentInput(role="bully", student_id=b.pk)])
        theirs = services.case_open(signal=signal, acting_user=board.coordinator, title="Niet van u")
    login(client, board.mentor)
    listing = text_of(client.get(reverse("incidents:my_cases")))
    assert mine.reference in listing and theirs.reference not in listing
    assert "Leg eerst het gesprek met de gepeste leerling vast." in listing
    assert client.get(case_url(theirs)).status_code == 404
    assert theirs.reference not in text_of(client.get(reverse("incidents:case_list")))
    assert client.get(reverse("incidents:student_cases", args=[a.pk])).status_code == 404


def test_the_case_list_filters_by_step_and_status(client, board):
    first = open_case(board)
    second = walk_to_monitoring(board, open_case(board))
    login(client, board.coordinator)
    url = reverse("incidents:case_list")
    body = text_of(client.get(url, {"step": "monitoring"}))
    assert second.reference in body and first.reference not in body
    body = text_of(client.get(url, {"status": "closed"}))
    assert first.reference not in body
    body = text_of(client.get(url, {"mentor": board.mentor.pk, "form": "verbal", "school_class": board.school_class.pk}))
    assert first.reference in body and second.reference in body
    # Nonsense filters do not break the page.
    assert client.get(url, {"step": "nonsense", "mentor": "x", "page": "999"}).status_code == 200


def test_board_roles_see_every_branch(client, board):
    case = open_case(board)
    login(client, board.board_coordinator)
    body = text_of(client.get(reverse("incidents:case_list")))
    assert case.reference in body and board.branch.name in body


# --- the case page: recording and stepping -------------------------------------------
def test_recording_a_conversation_puts_it_on_the_timeline(client, board):
    case = open_case(board)
    login(client, board.mentor)
    form = client.get(case_url(case), {"soort": "conversation"})
    assert 'name="attr_with"' in text_of(form) and "Klopt het dat je gepest wordt?" in text_of(form)
    response = client.post(case_url(case, "incidents:entry_add"), {
        "kind": "conversation", "attr_with": "target", "text": "Gesprek in de mentorles.", "occurred_at": "2026-01-05T10:00"})
    assert response.status_code == 302
    page = text_of(client.get(case_url(case)))
    assert "Gesprek in de mentorles." in page and "Gepeste leerling" in page
    assert "✓" in page


def test_recording_with_bad_input_changes_nothing(client, board):
    case = open_case(board)
    login(client, board.mentor)
    url = case_url(case, "incidents:entry_add")
    before = counts(board)
    missing = client.post(url, {"kind": "conversation", "text": "x"})
    assert "Dit gegeven is verplicht" in text_of(missing)
    wrong = client.post(url, {"kind": "conversation", "attr_with": "de buurman"})
    assert "geldige keuze" in text_of(wrong)
    unknown_kind = client.post(url, {"kind": "kaboom"}, follow=True)
    assert "Kies eerst wat u wilt vastleggen." in text_of(unknown_kind)
    refused = client.post(url, {"kind": "intervention", "attr_kind": "mediation"})
    assert "toestemming" in text_of(refused)
    future = client.post(url, {"kind": "note", "text": "x", "occurred_at": "2999-01-01T10:00"})
    assert "toekomst" in text_of(future)
    assert counts(board) == before


def test_evidence_must_be_a_real_image_or_pdf_within_the_limit(client, board, monkeypatch):
    case = open_case(board)
    login(client, board.mentor)
    url = case_url(case, "incidents:entry_add")
    before = counts(board)
    data = {"kind": "incident", "attr_form": "digital", "text": "Bericht in de groepsapp"}
    not_image = client.post(url, {**data, "files": [SimpleUploadedFile("foto.png", b"hallo, geen plaatje")]})
    assert "is geen afbeelding of PDF" in text_of(not_image)
    mismatch = client.post(url, {**data, "files": [SimpleUploadedFile("bewijs.pdf", png_bytes())]})
    assert "past niet bij de bestandsnaam" in text_of(mismatch)
    monkeypatch.setattr("django.conf.settings.EVIDENCE_MAX_BYTES", 50)
    too_big = client.post(url, {**data, "files": [png()]})
    assert "is te groot" in text_of(too_big)
    assert counts(board) == before


def test_evidence_is_served_only_to_who_may_see_the_case(client, board, other_board):
    case = open_case(board)
    login(client, board.mentor)
    client.post(case_url(case, "incidents:entry_add"), {"kind": "incident", "attr_form": "digital", "text": "x",
                                                        "files": [png("groepsapp.png")]})
    with board.tenant():
        evidence = Evidence.objects.get()
    page = text_of(client.get(case_url(case)))
    download = reverse("incidents:evidence_download", args=[evidence.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and "groepsapp.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == png_bytes()
    with board.tenant():
        assert AuditEvent.objects.filter(object_type="incidents.evidence", object_id=str(evidence.pk), action="export").exists()
    for outsider in (board.teacher, other_board.coordinator, other_board.board_coordinator):
        client.force_login(outsider)
        assert client.get(download).status_code == 404
    client.force_login(board.coordinator)
    assert client.get(reverse("incidents:evidence_download", args=[evidence.pk + 1])).status_code == 404
    assert client.post(download).status_code == 405


def test_skipping_a_step_is_refused_with_the_protocols_message(client, board):
    case = open_case(board)
    login(client, board.coordinator)
    response = client.post(case_url(case, "incidents:case_transition"),
                           {"transition": "start_monitoring", "expected_step": "investigate"}, follow=True)
    assert "Deze stap kan nog niet" in text_of(response)
    unknown = client.post(case_url(case, "incidents:case_transition"),
                          {"transition": "fly_to_the_moon", "expected_step": "investigate"}, follow=True)
    assert "bestaat niet" in text_of(unknown)
    early = client.post(case_url(case, "incidents:case_transition"),
                        {"transition": "record_agreements", "expected_step": "investigate"}, follow=True)
    assert "Leg eerst het gesprek met de gepeste leerling vast." in text_of(early)
    with board.tenant():
        case.refresh_from_db()
    assert case.step == "investigate"


def test_a_stale_page_gets_the_conflict_message(client, board):
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    login(client, board.mentor)
    url = case_url(case, "incidents:case_transition")
    client.post(url, {"transition": "record_agreements", "expected_step": "investigate"})
    second = client.post(url, {"transition": "record_agreements", "expected_step": "investigate"}, follow=True)
    assert "Iemand anders heeft deze zaak zojuist naar een andere stap gezet" in text_of(second)
    with board.tenant():
        assert TimelineEntry.objects.filter(case=case, kind="step_change").count() == 1


def test_closing_as_teasing_needs_a_reason(client, board):
    case = open_case(board)
    login(client, board.coordinator)
    page = text_of(client.get(case_url(case)))
    assert 'name="reason"' in page
    url = case_url(case, "incidents:case_transition")
    without = client.post(url, {"transition": "close_as_teasing", "expected_step": "investigate"}, follow=True)
    assert "Deze stap kan nog niet" in text_of(without)
    client.post(url, {"transition": "close_as_teasing", "expected_step": "investigate", "reason": "Wederzijds plagen."})
    with board.tenant():
        case.refresh_from_db()
    assert case.step == "closed_teasing"
    closed = text_of(client.get(case_url(case)))
    assert "Wederzijds plagen." in closed and "Zaak heropenen" in closed


def test_a_correction_shows_as_corrected(client, board):
    case = open_case(board)
    wrong = record(board, case, "conversation", text="Eerste versie", **{"with": "target"})
    with board.tenant():
        services.entry_correct(entry=wrong, acting_user=board.mentor, text="Verbeterde versie", attrs={"with": "bully"})
    login(client, board.mentor)
    page = text_of(client.get(case_url(case)))
    assert "gecorrigeerd" in page and "Eerste versie" in page and "Verbeterde versie" in page


def test_the_monitoring_step_shows_its_running_term(client, board):
    case = walk_to_monitoring(board, open_case(board))
    login(client, board.mentor)
    page = text_of(client.get(case_url(case)))
    assert "Lopende termijnen" not in page and page.count("<strong>Vier weken controle van de afspraken</strong>") == 1
    assert "Stap 3" in page


def test_participants_are_added_by_case_workers_only(client, board):
    case = open_case(board)
    bystander = f.EnrolmentFactory(school_class=board.school_class).student
    login(client, board.mentor)
    found = text_of(client.get(case_url(case), {"deelnemer": bystander.last_name}))
    assert f'value="{bystander.pk}"' in found
    client.post(case_url(case, "incidents:participant_add"), {"role": "bystander", "student": bystander.pk})
    empty = client.post(case_url(case, "incidents:participant_add"), {"role": "bully"})
    assert "omschrijf wie het is" in text_of(empty)
    ghost = client.post(case_url(case, "incidents:participant_add"), {"role": "bully", "student": 99999999})
    assert "niet gevonden" in text_of(ghost)
    with board.tenant():
        assert Participant.objects.filter(case=case, student=bystander, role="bystander").exists()
        assert Participant.objects.filter(case=case).count() == 3
    # The confidential adviser can read the case but does not change who is in it.
    client.force_login(board.adviser)
    assert client.post(case_url(case, "incidents:participant_add"), {"role": "bully", "description": "x"}).status_code == 403


# --- confidential notes ------------------------------------------------------------
def test_confidential_notes_are_seen_by_the_adviser_alone(client, board):
    case = open_case(board)
    login(client, board.adviser)
    client.post(case_url(case, "incidents:confidential_note_add"), {"text": NOTE_TEXT})
    assert NOTE_TEXT in text_of(client.get(case_url(case)))
    empty = client.post(case_url(case, "incidents:confidential_note_add"), {"text": "  "})
    assert "De notitie is leeg." in text_of(empty)
    with board.tenant():
        assert ConfidentialNote.objects.count() == 1
    pages = [case_url(case), reverse("incidents:case_list"), reverse("incidents:my_cases"),
             reverse("incidents:signal_list"), reverse("incidents:student_cases", args=[board.student.pk]),
             reverse("home")]
    for reader in (board.management, board.coordinator, board.board_coordinator, board.mentor):
        client.force_login(reader)
        for url in pages:
            response = client.get(url)
            assert NOTE_TEXT not in text_of(response), (reader, url)
            assert "Vertrouwelijke notities" not in text_of(response)
        assert client.post(case_url(case, "incidents:confidential_note_add"), {"text": "x"}).status_code in (403, 404)
    with board.tenant():
        assert ConfidentialNote.objects.count() == 1


# --- the student's dossier --------------------------------------------------------------
def test_the_case_is_in_both_the_targets_and_the_bullys_dossier(client, board):
    case = open_case(board)
    login(client, board.coordinator)
    for student, role in ((board.student, "Gepeste leerling"), (board.other_student, "Pester")):
        body = text_of(client.get(reverse("incidents:student_cases", args=[student.pk])))
        assert case.reference in body and role in body
    assert client.get(reverse("incidents:student_cases", args=[999999])).status_code == 404


def test_the_menu_shows_the_dossier_pages_by_role(client, board):
    login(client, board.teacher)
    menu = text_of(client.get(reverse("home")))
    href = 'href="{}"'.format
    assert href(reverse("incidents:signal_new")) in menu and href(reverse("incidents:signal_list")) not in menu
    login(client, board.coordinator)
    menu = text_of(client.get(reverse("home")))
    assert href(reverse("incidents:signal_list")) in menu and href(reverse("incidents:case_list")) in menu


def test_only_case_workers_get_the_record_area(client, board):
    case = open_case(board)
    login(client, board.adviser)
    page = text_of(client.get(case_url(case), {"soort": "conversation"}))
    assert case.reference in page and 'id="vastleggen"' not in page
    before = counts(board)
    assert client.post(case_url(case, "incidents:entry_add"), {"kind": "note", "text": "x"}).status_code == 403
    assert counts(board) == before
    login(client, board.mentor)
    assert 'id="vastleggen"' in text_of(client.get(case_url(case)))
