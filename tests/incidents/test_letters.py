"""Letters to parents: drafted from the case, edited, sent as PDF, recorded in the timeline."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from incidents.errors import ProtocolRefusal
from incidents.facts import case_facts
from incidents.letters import services as letters
from incidents.letters.compose import paragraphs
from incidents.models import Letter, LetterTemplate, TimelineEntry
from people.models import AuditEvent, DocumentJob
from protocol import engine
from protocol.selectors import definition_of
from tests import documents

from .helpers import advance, open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db

AGREEMENT = "Niet meer uitschelden in de kantine; elke vrijdag even bijpraten met de mentor."
REASONS = "Ondanks twee gesprekken en gemaakte afspraken is het uitschelden en bedreigen doorgegaan."


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def at_step_two(board):
    case = open_case(board)
    record(board, case, "conversation", **{"with": "target"})
    record(board, case, "conversation", **{"with": "bully"})
    case = advance(board, case, "record_agreements")
    record(board, case, "agreement", text=AGREEMENT)
    return case


def at_suspension(board):
    """Six-step protocol to step 5, with a suspension of two school days recorded."""
    with time_machine.travel(dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC), tick=False):
        case = walk_to_monitoring(board, open_case(board))
        # §5.2: no sanction or suspension without a group approach in the case.
        record(board, case, "intervention", kind="class_lesson")
    # Step 4 comes "na twee weken" of monitoring; then two more weeks.
    with time_machine.travel(dt.datetime(2026, 9, 21, 10, tzinfo=dt.UTC), tick=False):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
        record(board, case, "conversation", **{"with": "bully_and_parents"})
    with time_machine.travel(dt.datetime(2026, 10, 5, 10, tzinfo=dt.UTC), tick=False):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "suspend", by=board.management)
        suspension = record(board, case, "suspension", by=board.management, text=REASONS,
                            school_days=2, starts_on="2026-10-08")
    return case, suspension


def draft(board, case, kind="agreements", party="target_parents", by=None):
    with board.tenant():
        return letters.letter_draft(case=case, acting_user=by or board.mentor, kind=kind, party=party)


def send(board, letter, by=None):
    with board.tenant():
        return letters.letter_send(letter=letter, acting_user=by or board.mentor)


def pdf_text(letter) -> str:
    path = letter.pdf.path
    return subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True).stdout


# --- drafting ----------------------------------------------------------------------------
def test_it_drafts_the_step_two_letter_from_the_case(board):
    case = at_step_two(board)
    letter = draft(board, case)
    student = board.student
    assert letter.status == Letter.Status.DRAFT
    assert letter.participant.student == student
    assert student.full_name in letter.subject
    assert f"dat {student.first_name} de afgelopen periode op school is gepest" in letter.body
    assert f"- {AGREEMENT}" in letter.body
    assert board.mentor.full_name in letter.body and board.coordinator.full_name in letter.body
    assert "$" not in letter.body and "[" not in letter.body


def test_the_parents_of_the_bully_get_different_wording_about_their_own_child(board):
    case = at_step_two(board)
    letter = draft(board, case, party="bully_parents")
    bully = board.other_student
    assert letter.participant.student == bully
    assert f"dat {bully.first_name} betrokken is bij het pesten van een medeleerling" in letter.body
    # The target is never named in the letter to the bully's parents.
    assert board.student.first_name not in letter.body
    assert f"- {AGREEMENT}" in letter.body


def test_the_organisations_own_template_is_used_and_placeholders_are_filled_safely(board):
    with board.tenant():
        letters.letter_template_save(organisation=board.organisation, acting_user=board.coordinator, kind="agreements",
                                     subject="Afspraken $leerling", body="Beste ouders van $voornaam uit $klas,\n\n$afspraken\n\nKosten: $5.")
    case = at_step_two(board)
    letter = draft(board, case)
    assert letter.subject == f"Afspraken {board.student.full_name}"
    assert letter.body.startswith(f"Beste ouders van {board.student.first_name} uit {board.school_class.name},")
    assert "Kosten: $5." in letter.body


def test_only_those_who_work_the_case_draft_letters(board):
    case = at_step_two(board)
    with board.tenant(), pytest.raises(PermissionDenied):
        letters.letter_draft(case=case, acting_user=board.adviser, kind="agreements", party="target_parents")


def test_the_second_talk_and_suspension_letters_go_to_the_bullys_parents(board):
    case = at_step_two(board)
    with pytest.raises(ValidationError) as wrong:
        draft(board, case, kind="second_talk", party="target_parents")
    assert "ouders van de pester" in str(wrong.value)


def test_a_suspension_letter_needs_a_recorded_suspension(board):
    case = at_step_two(board)
    with pytest.raises(ValidationError) as refused:
        draft(board, case, kind="suspension", party="bully_parents", by=board.management)
    assert "geen schorsing vastgelegd" in str(refused.value)
    with board.tenant():
        assert not Letter.objects.exists()


# --- editing -----------------------------------------------------------------------------
def test_a_draft_is_edited_and_a_sent_letter_never_changes(board):
    case = at_step_two(board)
    letter = draft(board, case)
    with board.tenant():
        letters.letter_update(letter=letter, acting_user=board.mentor, subject="  Afspraken  rond Sanne ",
                              body=letter.body + "\n\nMet hartelijke groet van het team.")
        letter.refresh_from_db()
    assert letter.subject == "Afspraken rond Sanne"
    assert letter.body.endswith("het team.")
    send(board, letter)
    with board.tenant(), pytest.raises(ValidationError) as refused:
        letters.letter_update(letter=letter, acting_user=board.mentor, subject="Anders", body="Anders")
    assert "al verstuurd" in refused.value.messages[0]
    with board.tenant():
        letter.refresh_from_db()
    assert letter.subject == "Afspraken rond Sanne"


def test_an_empty_subject_or_body_is_refused(board):
    letter = draft(board, at_step_two(board))
    with board.tenant(), pytest.raises(ValidationError) as refused:
        letters.letter_update(letter=letter, acting_user=board.mentor, subject=" ", body="")
    assert set(refused.value.message_dict) == {"subject", "body"}


# --- sending -----------------------------------------------------------------------------
def test_sending_keeps_the_pdf_and_records_that_the_parents_were_informed(board):
    case = at_step_two(board)
    letter = send(board, draft(board, case, party="bully_parents"))
    assert letter.status == Letter.Status.SENT and letter.sent_by == board.mentor and letter.sent_at
    assert letter.pdf.name.startswith(f"letters/{board.organisation.pk}/") and letter.pdf.name.endswith(".pdf")
    assert board.other_student.last_name not in letter.pdf.name
    text = pdf_text(letter)
    assert board.other_student.full_name in text
    assert board.branch.name in text
    assert "Aan de ouder(s)/verzorger(s) van" in text
    assert "Pagina 1 van 1" in text
    assert board.mentor.full_name in text and "Mentor" in text
    with board.tenant():
        entry = TimelineEntry.objects.get(case=case, kind="parents_informed")
        audited = AuditEvent.objects.filter(object_type="incidents.letter", object_id=str(letter.pk))
        assert {"create", "update"} <= set(audited.values_list("action", flat=True))
    assert entry.attrs == {"party": "bully_parents", "method": "brief", "letter": letter.pk}
    assert entry.author == board.mentor


def test_both_letters_of_step_two_satisfy_the_protocol(board):
    case = at_step_two(board)
    record(board, case, "head_of_department_informed")
    send(board, draft(board, case, party="target_parents"))
    send(board, draft(board, case, party="bully_parents"))
    case = advance(board, case, "start_monitoring")
    assert case.step == "monitoring"


def test_sending_twice_is_refused(board):
    letter = send(board, draft(board, at_step_two(board)))
    with pytest.raises(ValidationError) as refused:
        send(board, letter)
    assert "al verstuurd" in refused.value.messages[0]
    # Even with a stale copy that still says "draft", the conditional claim refuses.
    with board.tenant():
        stale = Letter.objects.get(pk=letter.pk)
    stale.status = Letter.Status.DRAFT
    with pytest.raises(ValidationError):
        send(board, stale)
    with board.tenant():
        assert TimelineEntry.objects.filter(kind="parents_informed").count() == 1


def test_a_letter_with_gaps_to_fill_in_is_not_sent(board):
    case = at_step_two(board)
    with board.tenant():
        letter = letters.letter_draft(case=case, acting_user=board.mentor, kind="second_talk", party="bully_parents")
    assert "[datum gesprek invullen]" in letter.body
    with pytest.raises(ValidationError) as refused:
        send(board, letter)
    assert "invullen" in refused.value.messages[0]
    with board.tenant():
        letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not letter.pdf


# --- suspension --------------------------------------------------------------------------
def test_the_suspension_letter_states_reasons_dates_and_how_to_object(board):
    case, suspension = at_suspension(board)
    letter = draft(board, case, kind="suspension", party="bully_parents", by=board.management)
    assert letter.suspension_entry == suspension
    assert REASONS in letter.body
    # Thursday 8 October 2026 and the next school day; back on Monday 12 October.
    assert "van donderdag 8 oktober 2026 tot en met vrijdag 9 oktober 2026" in letter.body
    assert "maandag 12 oktober 2026 weer op school" in letter.body
    assert "Inspectie van het Onderwijs" in letter.body
    assert "binnen zes weken" in letter.body and "bezwaar" in letter.body


def test_a_suspension_letter_is_the_managements_decision_and_satisfies_the_letter_guard(board):
    case, suspension = at_suspension(board)
    letter = draft(board, case, kind="suspension", party="bully_parents", by=board.coordinator)

    def guard_unmet() -> bool:
        with board.tenant():
            case.refresh_from_db()
            definition = definition_of(case)
            report = engine.evaluate(definition, case_facts(case, definition), "close_after_suspension", {"branch_management"})
        return "suspension_letter" in {g.key for g in report.unmet}

    assert guard_unmet()
    # The coordinator drafted it, but the protocol lets only management decide in writing.
    with pytest.raises(ProtocolRefusal):
        send(board, letter, by=board.coordinator)
    with board.tenant():
        letter.refresh_from_db()
        assert letter.status == Letter.Status.DRAFT and not letter.pdf and letter.sent_at is None
        assert not TimelineEntry.objects.filter(kind="suspension_decision_letter").exists()
    letter = send(board, letter, by=board.management)
    with board.tenant():
        entry = TimelineEntry.objects.get(kind="suspension_decision_letter")
    assert entry.attrs == {"suspension": str(suspension.pk), "letter": letter.pk}
    assert not guard_unmet()
    text = " ".join(pdf_text(letter).split())
    assert board.other_student.full_name in text
    assert board.branch.name in text
    assert "Bezwaar maken" in text and "binnen zes weken" in text
    assert "Directie vestiging" in text


def test_a_suspension_letter_without_the_objection_paragraph_is_not_sent(board):
    case, _suspension = at_suspension(board)
    letter = draft(board, case, kind="suspension", party="bully_parents", by=board.management)
    body = letter.body.split("Bezwaar maken")[0]
    with board.tenant():
        letters.letter_update(letter=letter, acting_user=board.management, subject=letter.subject, body=body)
    with pytest.raises(ValidationError) as refused:
        send(board, letter, by=board.management)
    assert "bezwaar" in refused.value.messages[0]


# --- templates ---------------------------------------------------------------------------
def test_templates_refuse_unknown_placeholders_and_a_suspension_without_objection(board):
    with board.tenant():
        with pytest.raises(ValidationError) as unknown:
            letters.letter_template_save(organisation=board.organisation, acting_user=board.coordinator,
                                         kind="agreements", subject="Brief", body="Beste $ouder, $leerling")
        assert "$ouder" in unknown.value.message_dict["body"][0]
        with pytest.raises(ValidationError):
            letters.letter_template_save(organisation=board.organisation, acting_user=board.coordinator,
                                         kind="suspension", subject="Schorsing", body="$leerling is geschorst.")
        with pytest.raises(PermissionDenied):
            letters.letter_template_save(organisation=board.organisation, acting_user=board.mentor,
                                         kind="agreements", subject="Brief", body="$leerling")
        letters.letter_template_save(organisation=board.organisation, acting_user=board.coordinator,
                                     kind="agreements", subject="Brief", body="$leerling")
        letters.letter_template_reset(organisation=board.organisation, acting_user=board.coordinator, kind="agreements")
        assert not LetterTemplate.objects.exists()


def test_the_body_becomes_paragraphs_lists_and_headings():
    blocks = paragraphs("Geachte ouders,\n\nAfspraken:\n- een\n- twee\n\nBezwaar maken\nBent u het niet eens, dan …")
    assert blocks == [
        {"type": "p", "lines": ["Geachte ouders,"]},
        {"type": "p", "lines": ["Afspraken:"]},
        {"type": "ul", "lines": ["een", "twee"]},
        {"type": "h", "lines": ["Bezwaar maken"]},
        {"type": "p", "lines": ["Bent u het niet eens, dan …"]},
    ]


# --- pages -------------------------------------------------------------------------------
def letter_urls(case, letter) -> dict[str, str]:
    return {
        "new": reverse("incidents:letter_new", args=[case.pk]),
        "edit": reverse("incidents:letter_edit", args=[letter.pk]),
        "send": reverse("incidents:letter_send", args=[letter.pk]),
        "pdf": reverse("incidents:letter_pdf", args=[letter.pk]),
    }


def test_it_walks_the_pages_from_draft_to_download(board, client):
    case = at_step_two(board)
    client.force_login(board.mentor)
    new_url = reverse("incidents:letter_new", args=[case.pk])
    page = client.get(new_url, {"kind": "agreements", "party": "bully_parents"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="bully_parents" id="id_party_1" required checked' in html
    response = client.post(new_url, {"kind": "agreements", "party": "bully_parents"})
    with board.tenant():
        letter = Letter.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == reverse("incidents:letter_edit", args=[letter.pk])
    urls = letter_urls(case, letter)
    assert "Concept nalezen" in client.get(urls["edit"]).content.decode()
    response = client.post(urls["edit"], {"subject": "Afspraken", "body": letter.body + "\n\nTot ziens."})
    assert response.status_code == 302
    # The preview is a document job (never laid out in the request), marked CONCEPT.
    assert client.get(urls["pdf"])["Location"] == urls["edit"]  # a GET on a draft queues nothing
    job, preview = documents.fetch_pdf(client, urls["pdf"], board)
    assert job.kind == "letter_preview" and job.filename == f"concept-brief-{case.reference}.pdf"
    assert "Concept · Kenmerk" in documents.pdf_text(preview) and "Tot ziens." in documents.pdf_text(preview)
    with board.tenant():
        assert AuditEvent.objects.filter(action="read", object_type="incidents.letter", object_id=str(letter.pk),
                                         detail__preview=True).exists()
    unconfirmed = client.post(urls["send"], {})
    assert unconfirmed.status_code == 400
    job, sent_pdf = documents.fetch_pdf(client, urls["send"], board, {"checked": "on"})
    with board.tenant():
        letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and letter.subject == "Afspraken"
    assert job.kind == "letter_send" and sent_pdf == letter.pdf.read() and "Concept ·" not in documents.pdf_text(sent_pdf)
    page = client.get(urls["edit"]).content.decode()
    assert "Verstuurde brief downloaden" in page and "<textarea" not in page
    download = client.get(urls["pdf"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download.content.startswith(b"%PDF")
    with board.tenant():
        assert AuditEvent.objects.filter(action="export", object_type="incidents.letter", object_id=str(letter.pk)).exists()


def test_a_protocol_refusal_is_shown_on_the_page(board, client):
    case, _suspension = at_suspension(board)
    letter = draft(board, case, kind="suspension", party="bully_parents", by=board.coordinator)
    client.force_login(board.coordinator)
    response = client.post(reverse("incidents:letter_send", args=[letter.pk]), {"checked": "on"})
    assert response.status_code == 409
    assert "De brief is niet verstuurd" in response.content.decode()
    with board.tenant():  # refused before anything is queued: the protocol is asked at once
        assert not DocumentJob.objects.exists()


def test_another_tenants_user_gets_404_on_every_letter_url(board, other_board, client):
    case = at_step_two(board)
    letter = draft(board, case)
    for user in (other_board.coordinator, other_board.board_coordinator):
        client.force_login(user)
        for name, url in letter_urls(case, letter).items():
            response = client.post(url, {"checked": "on", "kind": "agreements", "party": "target_parents"}) \
                if name in ("new", "send") else client.get(url)
            assert response.status_code == 404, (user, name)
    with board.tenant():
        letter.refresh_from_db()
        assert letter.status == Letter.Status.DRAFT


def test_a_colleague_who_cannot_see_the_case_gets_404_and_an_adviser_cannot_write(board, client):
    case = at_step_two(board)
    letter = draft(board, case)
    client.force_login(board.teacher)
    for url in letter_urls(case, letter).values():
        assert client.get(url).status_code in (404, 405)
    client.force_login(board.adviser)  # sees the branch's cases, but does not write letters
    assert client.get(reverse("incidents:letter_new", args=[case.pk])).status_code == 403
    assert client.post(reverse("incidents:letter_send", args=[letter.pk]), {"checked": "on"}).status_code == 403


def test_coordinators_edit_the_organisations_templates(board, client):
    client.force_login(board.mentor)
    assert client.get(reverse("incidents:letter_templates")).status_code == 403
    client.force_login(board.coordinator)
    page = client.get(reverse("incidents:letter_templates")).content.decode()
    assert "Standaardtekst" in page
    url = reverse("incidents:letter_template_edit", args=["suspension"])
    page = client.get(url).content.decode()
    assert "$redenen" in page and "binnen zes weken" in page
    response = client.post(url, {"action": "save", "subject": "Schorsing $leerling", "body": "$leerling. Bezwaar: binnen zes weken."})
    assert response.status_code == 302
    with board.tenant():
        assert LetterTemplate.objects.get(kind="suspension").subject == "Schorsing $leerling"
    assert client.post(url, {"action": "reset"}).status_code == 302
    with board.tenant():
        assert not LetterTemplate.objects.exists()
    assert client.get(reverse("incidents:letter_template_edit", args=["onbekend"])).status_code == 404
