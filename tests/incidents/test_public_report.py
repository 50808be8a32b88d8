"""The public reporting channel: a page per branch where students and parents report
bullying without logging in, come back with a receipt code, and what spam and bad input do."""
from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from incidents.models import PublicReport, PublicReportMessage, Signal, SignalStudent
from incidents.public import guards, receipts
from people.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

DESCRIPTION = "Ze schelden me elke dag uit in de kantine en zetten fotos in de groepsapp (melding-4417)."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def branch(board):
    with board.tenant():
        b = board.branch
        b.coordinator_name, b.coordinator_email, b.coordinator_phone = "Mw. A. de Vries", "pesten@school.example", "010 123 45 67"
        b.adviser_name, b.adviser_email, b.adviser_phone = "Dhr. B. Jansen", "vertrouwen@school.example", "010 765 43 21"
        b.save()
    return b


def report_url(board, branch=None, name="public_report:report"):
    branch = branch or board.branch
    return reverse(name, args=[board.organisation.slug, branch.slug])


def old_token(branch, seconds=60) -> str:
    """A form handed out a minute ago: a person had time to write."""
    return guards.form_token(branch.pk, issued=int(time.time()) - seconds)


def report_data(branch, **overrides):
    data = {
        "token": old_token(branch), "reporter_kind": "student", "about": "me", "description": DESCRIPTION,
        "target": "", "bully": "Sam uit 2B", "place": "kantine", "occurred_on": "", "anonymous": "yes",
        "reporter_name": "", "reporter_contact": "", "website": "",
    }
    data.update(overrides)
    return data


def send_report(client, board, branch=None, **overrides):
    """POST the form; upper-case keywords (REMOTE_ADDR, HTTP_…) go to the request."""
    branch = branch or board.branch
    extra = {k: overrides.pop(k) for k in list(overrides) if k.isupper()}
    return client.post(report_url(board, branch), report_data(branch, **overrides), **extra)


def receipt_of(response) -> str:
    match = re.search(r'id="receipt-code">([A-Z0-9-]+)<', response.content.decode())
    assert match, "no receipt code on the page"
    return match.group(1)


def counts(board):
    with board.tenant():
        return (Signal.objects.count(), PublicReport.objects.count(), PublicReportMessage.objects.count(),
                SignalStudent.objects.count(), AuditEvent.objects.filter(organisation=board.organisation).count())


def text(response) -> str:
    return response.content.decode()


# --- the page ---------------------------------------------------------------------------
def test_it_names_the_coordinator_and_the_confidential_adviser_without_a_log_in(client, board, branch):
    response = client.get(report_url(board))
    assert response.status_code == 200
    page = text(response)
    for detail in ("Mw. A. de Vries", "pesten@school.example", "010 123 45 67", "Dhr. B. Jansen",
                   "vertrouwen@school.example", "010 765 43 21", branch.name):
        assert detail in page
    assert 'href="tel:0101234567"' in page
    assert "no-store" in response["Cache-Control"]
    # Strict CSP: no inline script or style on the public page.
    assert "<script" not in page and "style=" not in page


def test_it_gives_404_for_unknown_or_foreign_slugs(client, board, other_board):
    assert client.get(reverse("public_report:report", args=["bestaat-niet", board.branch.slug])).status_code == 404
    assert client.get(reverse("public_report:report", args=[board.organisation.slug, "bestaat-niet"])).status_code == 404
    # Another board's branch under this board's name is not a page.
    foreign = reverse("public_report:report", args=[board.organisation.slug, other_board.branch.slug])
    assert client.get(foreign).status_code == 404


# --- a report ---------------------------------------------------------------------------
def test_it_turns_an_anonymous_report_into_a_new_signal_for_the_coordinator(client, board, branch):
    response = send_report(client, board, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    code = receipt_of(response)
    assert receipts.is_well_formed(code) and len(receipts.normalise(code)) == 12
    assert "no-store" in response["Cache-Control"]
    with board.tenant():
        signal = Signal.objects.get()
        report = PublicReport.objects.get()
        assert signal.source == Signal.Source.PUBLIC_REPORT and signal.status == Signal.Status.NEW
        assert signal.reported_by is None and signal.branch == board.branch
        assert signal.description == DESCRIPTION and signal.place == "kantine"
        roles = {(s.role, s.description) for s in signal.students.all()}
        assert roles == {("target", "de melder zelf"), ("bully", "Sam uit 2B")}
        assert report.signal == signal and report.is_anonymous and report.reporter_contact == ""
        # Only the keyed hash of the receipt is kept, never the code itself.
        assert report.receipt_digest == receipts.digest(code)
        assert receipts.normalise(code) not in report.receipt_digest
        # No address anywhere: the audit row of the report carries none.
        events = AuditEvent.objects.filter(organisation=board.organisation, object_type="incidents.publicreport")
        assert [e.ip_address for e in events] == [None]
        assert not AuditEvent.objects.filter(ip_address="203.0.113.7").exists()
        notes = Notification.objects.filter(kind="public_report")
        assert {n.recipient_id for n in notes} == {board.coordinator.pk}
        assert DESCRIPTION not in notes.get().body  # the e-mail never carries the report
    assert "203.0.113.7" not in str(vars(report))


def test_it_lands_in_the_branchs_new_signals(client, board, branch):
    send_report(client, board)
    client.force_login(board.coordinator)
    page = text(client.get(reverse("incidents:signal_list")))
    assert DESCRIPTION in page
    with board.tenant():
        signal = Signal.objects.get()
    link = reverse("public_report:staff_for_signal", args=[signal.pk])
    assert link in page
    response = client.get(link)
    assert response.status_code == 302


def test_it_keeps_a_name_only_when_the_reporter_chose_to_give_it(client, board, branch):
    response = send_report(client, board, anonymous="no", reporter_kind="parent", about="my_child",
                           reporter_name="Petra Bakker", reporter_contact="06 12345678", target="Mijn zoon Tim, 1C")
    assert response.status_code == 200
    with board.tenant():
        report = PublicReport.objects.get()
        assert (report.reporter_name, report.reporter_contact, report.reporter_kind) == ("Petra Bakker", "06 12345678", "parent")
        assert report.signal.students.get(role="target").description == "Mijn zoon Tim, 1C"
    client.force_login(board.coordinator)
    page = text(client.get(reverse("public_report:staff_detail", args=[report.pk])))
    assert "Petra Bakker" in page and "06 12345678" in page


def test_it_notifies_the_board_coordinator_when_the_branch_has_no_coordinator(client, board):
    with board.tenant():
        board.coordinator.role_assignments.all().delete()
    send_report(client, board)
    with board.tenant():
        assert {n.recipient_id for n in Notification.objects.filter(kind="public_report")} == {board.board_coordinator.pk}


# --- the receipt -------------------------------------------------------------------------
def test_it_lets_the_reporter_read_replies_and_add_information_with_the_receipt(client, board, branch):
    code = receipt_of(send_report(client, board))
    with board.tenant():
        report = PublicReport.objects.get()
    staff = client.__class__()
    staff.force_login(board.coordinator)
    reply = "Dank je voor je melding. Ik spreek Sam morgen. Kom gerust langs in lokaal 12."
    response = staff.post(reverse("public_report:staff_detail", args=[report.pk]), {"text": reply})
    assert response.status_code == 302

    follow_up = report_url(board, name="public_report:follow_up")
    assert client.get(follow_up).status_code == 200
    response = client.post(follow_up, {"action": "open", "receipt": code.lower().replace("-", " ")})
    assert response.status_code == 200
    page = text(response)
    assert reply in page and DESCRIPTION in page
    assert board.coordinator.full_name not in page  # "De school" answers, not a named person
    assert "no-store" in response["Cache-Control"]

    response = client.post(follow_up, {"action": "add", "receipt": code, "text": "Het gebeurde vandaag weer, bij de fietsenstalling."})
    assert response.status_code == 200
    assert "Je bericht is verstuurd" in text(response)
    # Sent twice (a reload): kept once.
    client.post(follow_up, {"action": "add", "receipt": code, "text": "Het gebeurde vandaag weer, bij de fietsenstalling."})
    with board.tenant():
        added = PublicReportMessage.objects.filter(from_school=False)
        assert [m.text for m in added] == ["Het gebeurde vandaag weer, bij de fietsenstalling."]
        assert added.get().author is None
        assert Notification.objects.filter(kind="public_report_message", recipient=board.coordinator).count() == 1
    page = text(staff.get(reverse("public_report:staff_detail", args=[report.pk])))
    assert "fietsenstalling" in page and reply in page


def test_it_refuses_a_wrong_receipt_and_one_of_another_branch(client, board, branch):
    code = receipt_of(send_report(client, board))
    follow_up = report_url(board, name="public_report:follow_up")
    for wrong in ("ABCD-EFGH-JKMN", "kort", "0000-0000-0000"):
        response = client.post(follow_up, {"action": "open", "receipt": wrong})
        assert response.status_code == 200
        assert "Deze code kennen we niet" in text(response) and DESCRIPTION not in text(response)
    other = report_url(board, board.other_branch, name="public_report:follow_up")
    response = client.post(other, {"action": "open", "receipt": code})
    assert "Deze code kennen we niet" in text(response) and DESCRIPTION not in text(response)
    # Adding with a wrong code writes nothing.
    before = counts(board)
    response = client.post(follow_up, {"action": "add", "receipt": "ABCD-EFGH-JKMN", "text": "Nog iets"})
    assert "Deze code kennen we niet" in text(response)
    assert counts(board) == before
    response = client.post(follow_up, {"action": "open", "receipt": ""})
    assert "Vul je code in." in text(response)


def test_it_limits_wrong_receipts_per_address(client, board, branch, settings):
    settings.PUBLIC_REPORT_LIMIT_WRONG_RECEIPTS = 3
    code = receipt_of(send_report(client, board))
    follow_up = report_url(board, name="public_report:follow_up")
    for _ in range(3):
        client.post(follow_up, {"action": "open", "receipt": "ABCD-EFGH-JKMN"})
    response = client.post(follow_up, {"action": "open", "receipt": code})
    assert response.status_code == 429
    assert "te vaak een verkeerde code" in text(response) and DESCRIPTION not in text(response)
    # Another address is not blocked.
    assert client.post(follow_up, {"action": "open", "receipt": code}, REMOTE_ADDR="198.51.100.9").status_code == 200


def test_it_refuses_an_empty_addition(client, board, branch):
    code = receipt_of(send_report(client, board))
    response = client.post(report_url(board, name="public_report:follow_up"), {"action": "add", "receipt": code, "text": "  "})
    assert "Schrijf eerst je bericht." in text(response)
    with board.tenant():
        assert not PublicReportMessage.objects.exists()


# --- spam ---------------------------------------------------------------------------------
def test_it_limits_reports_per_address_and_branch(client, board, branch, settings):
    settings.PUBLIC_REPORT_LIMIT_PER_ADDRESS = 2
    for _ in range(2):
        assert send_report(client, board).status_code == 200
    response = send_report(client, board)
    assert response.status_code == 429
    assert "Er zijn vanaf dit adres veel meldingen verstuurd" in text(response)
    assert DESCRIPTION in text(response)  # the text is not lost
    assert counts(board)[0] == 2
    # Another address, or the same address at another branch, still gets through.
    assert send_report(client, board, REMOTE_ADDR="198.51.100.20").status_code == 200
    assert send_report(client, board, board.other_branch).status_code == 200
    assert counts(board)[0] == 4


def test_it_reads_the_address_our_proxy_added_not_the_one_the_client_wrote(client, board, branch, settings):
    settings.PUBLIC_REPORT_LIMIT_PER_ADDRESS = 1
    settings.TRUSTED_PROXY_COUNT = 1  # one proxy of ours appends the address it saw
    assert send_report(client, board, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.50").status_code == 200
    # A robot writing a new first address each time is still the same client.
    assert send_report(client, board, HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.50").status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, board, branch, settings):
    settings.PUBLIC_REPORT_LIMIT_PER_ADDRESS = 1
    settings.TRUSTED_PROXY_COUNT = 0
    assert send_report(client, board, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    # Nothing stands in front of the app: any X-Forwarded-For is the client's own words.
    assert send_report(client, board, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 429


def test_a_flood_at_a_branch_limits_each_source_but_keeps_a_genuine_path(client, board, branch, settings):
    settings.PUBLIC_REPORT_LIMIT_PER_BRANCH = 2
    for i in range(2):
        assert send_report(client, board, REMOTE_ADDR=f"198.51.100.{i}").status_code == 200
    # The branch is busy: an address that already reported waits …
    response = send_report(client, board, REMOTE_ADDR="198.51.100.0")
    assert response.status_code == 429 and "erg veel meldingen" in text(response)
    # … but a new source still gets through (not the whole branch locked out for an hour).
    assert send_report(client, board, REMOTE_ADDR="198.51.100.99").status_code == 200
    assert counts(board)[0] == 3


def test_it_refuses_a_filled_honeypot(client, board, branch):
    before = counts(board)
    response = send_report(client, board, website="http://spam.example")
    assert response.status_code == 200
    assert "Je melding is niet verstuurd" in text(response)
    assert counts(board) == before


def test_it_refuses_a_form_sent_back_too_fast(client, board, branch):
    before = counts(board)
    response = send_report(client, board, token=guards.form_token(branch.pk))
    assert "Dat ging wel heel snel" in text(response)
    assert counts(board) == before
    # The new form keeps the first start time: after a while the same form goes through.
    token = re.search(r'name="token" value="([^"]+)"', text(response)).group(1)
    check = guards.check_form_token(token, branch.pk, now=time.time() + 30)
    assert check.problem is None


@pytest.mark.parametrize("token", ["", "rommel", "expired"])
def test_it_refuses_a_missing_forged_or_expired_form_token(client, board, branch, token):
    if token == "expired":
        # A form handed out four hours ago (signed then, too).
        real = time.time()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(time, "time", lambda: real - 4 * 60 * 60)
            token = guards.form_token(branch.pk)
    before = counts(board)
    response = send_report(client, board, token=token)
    assert "Het formulier stond te lang open" in text(response)
    assert counts(board) == before


def test_it_refuses_a_token_of_another_branch(client, board, branch):
    response = send_report(client, board, token=old_token(board.other_branch))
    assert "Het formulier stond te lang open" in text(response)
    assert counts(board)[0] == 0


def test_it_takes_each_form_once(client, board, branch):
    data = report_data(branch)
    assert client.post(report_url(board), data).status_code == 200
    response = client.post(report_url(board), data)
    assert "Dit formulier is al verstuurd" in text(response)
    assert counts(board)[0] == 1


# --- bad input ----------------------------------------------------------------------------
TOMORROW = (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": "   "}, "Schrijf op wat er is gebeurd."),
        ({"description": "x" * 5001}, "maximaal 5000 tekens"),
        ({"reporter_kind": ""}, "Kies wie je bent."),
        ({"reporter_kind": "hacker"}, "Selecteer een geldige keuze"),
        ({"about": ""}, "Kies over wie het gaat."),
        ({"anonymous": "yes", "reporter_name": "Jan"}, "Je koos ‘anoniem’, maar vulde toch een naam"),
        ({"anonymous": "yes", "reporter_contact": "jan@example.org"}, "Je koos ‘anoniem’"),
        ({"anonymous": "no", "reporter_name": ""}, "Vul je naam in, of kies ‘anoniem’."),
        ({"occurred_on": TOMORROW}, "Deze datum ligt in de toekomst."),
        ({"occurred_on": "gisteren"}, "Vul een datum in"),
        ({"bully": "y" * 201}, "maximaal 200 tekens"),
    ],
)
def test_it_explains_bad_input_in_dutch_and_writes_nothing(client, board, branch, overrides, message):
    before = counts(board)
    response = send_report(client, board, **overrides)
    assert response.status_code == 200
    assert message in text(response)
    assert 'id="receipt-code"' not in text(response)
    assert counts(board) == before
    with board.tenant():
        assert not Notification.objects.exists()


# --- who sees it ----------------------------------------------------------------------------
def test_another_organisations_coordinator_never_sees_the_report(client, board, other_board, branch):
    send_report(client, board)
    with board.tenant():
        report = PublicReport.objects.get()
    outsider = client.__class__()
    outsider.force_login(other_board.coordinator)
    assert outsider.get(reverse("public_report:staff_detail", args=[report.pk])).status_code == 404
    assert outsider.post(reverse("public_report:staff_detail", args=[report.pk]), {"text": "Hallo"}).status_code == 404
    assert outsider.get(reverse("public_report:staff_for_signal", args=[report.signal_id])).status_code == 404
    assert DESCRIPTION not in text(outsider.get(reverse("public_report:staff_list")))
    assert DESCRIPTION not in text(outsider.get(reverse("incidents:signal_list")))
    with board.tenant():
        assert not PublicReportMessage.objects.exists()


def test_only_those_who_handle_signals_see_reports(client, board, branch):
    send_report(client, board)
    with board.tenant():
        report = PublicReport.objects.get()
    for user in (board.teacher, board.mentor, board.adviser):
        staff = client.__class__()
        staff.force_login(user)
        assert staff.get(reverse("public_report:staff_list")).status_code == 403
        assert staff.get(reverse("public_report:staff_detail", args=[report.pk])).status_code == 404
    for user in (board.coordinator, board.management, board.board_coordinator):
        staff = client.__class__()
        staff.force_login(user)
        assert DESCRIPTION in text(staff.get(reverse("public_report:staff_detail", args=[report.pk])))
        assert reverse("public_report:staff_detail", args=[report.pk]) in text(staff.get(reverse("public_report:staff_list")))


def test_a_coordinator_of_another_branch_does_not_see_it(client, board, branch):
    send_report(client, board, board.other_branch)
    with board.tenant():
        report = PublicReport.objects.get()
    client.force_login(board.coordinator)  # coordinator of board.branch only
    assert client.get(reverse("public_report:staff_detail", args=[report.pk])).status_code == 404


def test_reading_a_report_is_audited_and_an_empty_reply_writes_nothing(client, board, branch):
    send_report(client, board)
    with board.tenant():
        report = PublicReport.objects.get()
    client.force_login(board.coordinator)
    client.get(reverse("public_report:staff_detail", args=[report.pk]))
    with board.tenant():
        assert AuditEvent.objects.filter(action="read", object_type="incidents.publicreport", actor=board.coordinator).exists()
    response = client.post(reverse("public_report:staff_detail", args=[report.pk]), {"text": " "})
    assert response.status_code == 200 and "Schrijf eerst uw antwoord." in text(response)
    with board.tenant():
        assert not PublicReportMessage.objects.exists()
