"""The case account: every step with its guards, the chronology, parent contacts, letters,
signals and terms; pseudonyms for students the reader may not see; audited downloads."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from incidents import services
from incidents.account.build import case_account
from incidents.followups import followup_complete
from incidents.letters import services as letters
from incidents.models import FollowUp
from people.models import AuditEvent, DocumentJob
from protocol import engine
from protocol.selectors import definition_of
from tests import factories as f
from tests.documents import fetch_pdf, pdf_text

from .helpers import advance, open_case, record, walk_to_monitoring

pytestmark = pytest.mark.django_db

HIDDEN = {engine.GuardKind.STEP, engine.GuardKind.ROLE, engine.GuardKind.PARAM}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def walked(board):
    """Consent and mediation in step 1, a letter, monitoring, a late evaluation, step 4,
    and a bystander from the other branch (whom the branch coordinator may not see)."""
    far = f.EnrolmentFactory(school_class=f.SchoolClassFactory(branch=board.other_branch),
                             student__first_name="Zeger", student__last_name="Verweg").student
    with time_machine.travel(dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC), tick=False):
        case = open_case(board)
        with board.tenant():
            services.participant_add(case=case, acting_user=board.coordinator, role="bystander", student=far)
        record(board, case, "consent", **{"for": "mediation", "given": True})
        record(board, case, "intervention", kind="mediation", text="Zeger Verweg zag het gebeuren.")
        case = walk_to_monitoring(board, case)
        with board.tenant():
            letter = letters.letter_draft(case=case, acting_user=board.mentor, kind="agreements", party="target_parents")
            letters.letter_send(letter=letter, acting_user=board.mentor)
    with time_machine.travel(dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC), tick=False):
        record(board, case, "evaluation", outcome="continues")
        case = advance(board, case, "to_second_talk")
    with time_machine.travel(dt.datetime(2026, 11, 12, 10, tzinfo=dt.UTC), tick=False), board.tenant():
        term = FollowUp.objects.get(case=case, status__in=("open", "overdue"))
        followup_complete(followup=term, acting_user=board.coordinator, note="Mentor was ziek.")
    return case, far


def test_the_account_lists_every_step_and_guard_of_a_walked_case(board):
    case, far = walked(board)
    definition = definition_of(case)
    with board.tenant():
        account = case_account(case, board.coordinator)
        taken = [e.transition for e in case.entries.filter(kind="step_change").order_by("id")]
    assert taken == ["record_agreements", "start_monitoring", "to_second_talk"]
    assert [s.transition_label for s in account.steps] == [definition.transition(k).label.get("nl") for k in taken]
    for step, key in zip(account.steps, taken, strict=True):
        # Conditional guards (other school contacted, police) do not apply to this case.
        expected = [g.message.get("nl") for g in definition.transition(key).guards
                    if g.kind not in HIDDEN and not g.when_flag]
        shown = [g.text for g in step.guards]
        assert sorted(shown) == sorted(expected), key
        assert all(g.met for g in step.guards), (key, [g.text for g in step.guards if not g.met])
        assert step.by == board.coordinator.full_name
    # The record rules: mediation after consent shows the consent guard met.
    mediation = next(c for c in account.chronology if c.text == "leerling A zag het gebeuren.")
    assert mediation.guards and all(g.met for g in mediation.guards)
    # Chronology: every entry; parent contacts; the letter; the linked signal; the late term with its reason.
    with board.tenant():
        assert len(account.chronology) == case.entries.count()
    assert len(account.parent_contacts) >= 2
    assert len(account.letters) == 1 and account.letters[0]["sent_at"]
    assert len(account.signals) == 1 and "kantine" in account.signals[0]["text"]
    late = [t for t in account.terms if t.kept is False]
    assert late and late[0].school_days_late > 0 and late[0].completed_on == dt.date(2026, 10, 20)
    assert [(t.kept, t.note) for t in account.terms if t.note] == [(False, "Mentor was ziek.")]
    # The other branch's student is "leerling A" for this reader, also in free text.
    names = [name for _role, name in account.participants]
    assert "leerling A" in names and far.full_name not in names
    assert all("Zeger" not in c.text for c in account.chronology)
    assert account.pseudonymised
    with board.tenant():
        full = case_account(case, board.board_coordinator)
    assert far.full_name in [name for _role, name in full.participants] and not full.pseudonymised


def test_the_pdf_is_audited_and_shows_the_steps(client, board):
    case, far = walked(board)
    client.force_login(board.management)
    job, pdf = fetch_pdf(client, reverse("incidents:case_account_pdf", args=[case.pk]), board)
    assert (job.kind, job.filename) == ("case_account", f"verantwoording-{case.reference}.pdf")
    text = pdf_text(pdf)
    assert case.reference in text and "Stappen van het protocol" in text and "Chronologie" in text
    assert "voldaan" in text and far.last_name not in text
    with board.tenant():
        assert AuditEvent.objects.filter(action="export", object_id=str(case.pk), actor=board.management,
                                         detail__export="case_account_pdf").exists()
        assert AuditEvent.objects.filter(action="export", object_type="people.documentjob", object_id=str(job.pk),
                                         actor=board.management, detail__kind="case_account").exists()
    page = client.get(reverse("incidents:case_account", args=[case.pk]))
    assert page.status_code == 200 and "Termijnen" in page.content.decode()


def test_the_account_is_not_for_the_mentor_nor_an_outsider(client, board, other_board):
    case = walk_to_monitoring(board, open_case(board))
    client.force_login(board.mentor)
    assert client.get(reverse("incidents:case_account", args=[case.pk])).status_code == 403
    assert client.post(reverse("incidents:case_account_pdf", args=[case.pk])).status_code == 403
    client.force_login(other_board.management)
    assert client.post(reverse("incidents:case_account_pdf", args=[case.pk])).status_code == 404
    with board.tenant():
        assert not DocumentJob.objects.exists()
    client.force_login(board.coordinator)
    assert client.get(reverse("incidents:case_account", args=[case.pk])).status_code == 200
