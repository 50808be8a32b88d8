"""'I would like to talk to someone': a separate step, a signal for the chosen person, no link to any answer."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents.models import Signal
from monitoring import services as monitoring_services
from monitoring import talk
from monitoring.instrument import load_instrument
from monitoring.models import Response, RoundClass, TalkRequest
from people.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db

INSTRUMENT = load_instrument()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def submit_survey(client, board):
    now = timezone.now()
    with board.tenant():
        survey = monitoring_services.round_create(
            organisation=board.organisation, acting_user=board.coordinator, name="Thermometer",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=7), class_ids=[board.school_class.pk],
        )
        rc = RoundClass.objects.get(round=survey)
        code, = monitoring_services.codes_issue(round_class=rc, count=1, acting_user=board.coordinator)
    client.post("/thermometer/", {"code": code})
    client.post("/thermometer/over-jou/", {"gender": "boy"})
    last = None
    for section in INSTRUMENT.sections:
        last = client.post(f"/thermometer/vragen/{section.number}/", {i.key: "3" for i in section.items})
    assert last["Location"].startswith("/thermometer/bedankt/")
    return last["Location"]


def school_field(client, thanks_url):
    html = client.get(thanks_url).content.decode()
    start = html.index('name="school" value="') + len('name="school" value="')
    return html[start:html.index('"', start)]


def test_after_the_survey_a_student_asks_their_mentor_for_a_talk(client, board):
    thanks = submit_survey(client, board)
    school = school_field(client, thanks)
    client.cookies.clear()  # the talk form needs no cookie, and gets none
    response = client.post("/thermometer/gesprek/", {
        "school": school, "wants": "mentor", "name": "Sanne de Vries", "class_name": board.school_class.name.lower(),
        "message": "Ik word buitengesloten bij gym.",
    })
    assert response.status_code == 303 and response["Location"] == "/thermometer/gesprek/verstuurd/"
    assert not response.cookies.get("thermometer")
    with board.tenant():
        request = TalkRequest.objects.get()
        signal = Signal.objects.get(pk=request.signal_id)
        notes = list(Notification.objects.filter(kind="talk_request"))
    assert signal.source == Signal.Source.TALK_REQUEST and signal.reported_by is None
    assert "Sanne de Vries" in signal.description and "buitengesloten" in signal.description
    assert [n.recipient_id for n in notes] == [board.mentor.pk]
    assert "Sanne" not in notes[0].title + notes[0].body  # no student name in the e-mail
    # The mentor opens the page behind the notification; a colleague without a reason cannot.
    client.force_login(board.mentor)
    page = client.get(notes[0].url)
    assert page.status_code == 200 and "Sanne de Vries" in page.content.decode()
    client.force_login(board.teacher)
    assert client.get(notes[0].url).status_code == 404


def test_the_request_holds_nothing_that_links_it_to_a_response(client, board):
    thanks = submit_survey(client, board)
    school = school_field(client, thanks)
    client.post("/thermometer/gesprek/", {"school": school, "wants": "coordinator", "name": "Ali", "class_name": ""})
    columns = {f.name for f in TalkRequest._meta.concrete_fields}
    assert columns == {"id", "organisation", "branch", "wants", "name", "class_name", "message", "signal_id", "created_at"}
    assert not {"round", "round_class", "response", "code", "school_class"} & columns
    with board.tenant():
        request = TalkRequest.objects.get()
        response = Response.objects.get()
    assert str(request.pk) != str(response.pk)
    assert request.branch_id == response.branch_id  # only the branch is shared, as intended
    # The token on the thank-you page names the organisation and branch, nothing else.
    assert talk.school_from_token(school) == (str(board.organisation.pk), board.branch.pk)


@pytest.mark.parametrize("wants,who", [
    ("coordinator", "coordinator"),
    ("confidential_adviser", "adviser"),
    ("mentor", "coordinator"),  # an unknown class: the coordinator hears it
])
def test_the_chosen_person_is_notified(board, wants, who):
    with board.tenant():
        request = talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                           wants=wants, name="Noor", class_name="9Z")
        recipients = set(Notification.objects.filter(dedupe_key=talk.dedupe_key(request)).values_list("recipient_id", flat=True))
    assert recipients == {getattr(board, who).pk}


def test_last_years_mentor_is_not_asked(board):
    old_year = f.SchoolYearFactory(organisation=board.organisation, name="2020-2021",
                                   starts_on=dt.date(2020, 8, 1), ends_on=dt.date(2021, 7, 31))
    old_class = f.SchoolClassFactory(branch=board.branch, school_year=old_year, name="4C")
    f.make_mentor_of(old_class)
    with board.tenant():
        request = talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                           wants="mentor", name="Noor", class_name="4c")
        recipients = set(Notification.objects.filter(dedupe_key=talk.dedupe_key(request)).values_list("recipient_id", flat=True))
    assert recipients == {board.coordinator.pk}


def test_without_a_branch_coordinator_the_board_coordinator_hears_it(board):
    with board.tenant():
        request = talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.other_branch.pk,
                                           wants="coordinator", name="Noor")
        recipients = set(Notification.objects.filter(dedupe_key=talk.dedupe_key(request)).values_list("recipient_id", flat=True))
    assert recipients == {board.board_coordinator.pk}


def test_a_forged_or_missing_school_and_a_missing_name_store_nothing(client, board):
    thanks = submit_survey(client, board)
    school = school_field(client, thanks)
    forged = school[:-2] + ("AA" if not school.endswith("AA") else "BB")
    for data, text in [
        ({"school": forged, "wants": "mentor", "name": "X"}, "verlopen"),
        ({"school": school, "wants": "mentor", "name": ""}, "Vul je naam in"),
        ({"school": school, "wants": "headmaster", "name": "X"}, "Selecteer een geldige keuze"),
    ]:
        response = client.post("/thermometer/gesprek/", data)
        assert response.status_code == 400 and text in response.content.decode()
    with board.tenant():
        assert TalkRequest.objects.count() == 0 and Signal.objects.filter(source="talk_request").count() == 0


def test_another_organisations_token_cannot_reach_this_board(client, board, other_board):
    token = talk.school_token(other_board.organisation.pk, board.branch.pk)  # a mismatched pair
    response = client.post("/thermometer/gesprek/", {"school": token, "wants": "mentor", "name": "X"})
    assert response.status_code == 400
    with board.tenant():
        assert TalkRequest.objects.count() == 0


def test_the_coordinator_sees_the_talk_request_among_new_signals(client, board):
    with board.tenant():
        talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                 wants="coordinator", name="Noor", class_name="2B")
    client.force_login(board.coordinator)
    page = client.get("/signalen/").content.decode()
    assert "Noor" in page


# --- issue 11, item 6: a request to the confidential adviser reaches the adviser alone -----


def adviser_request(board, **kwargs):
    with board.tenant():
        return talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                        wants="confidential_adviser", name="Noor Bakker", class_name="2b",
                                        message="Het gaat over thuis.", **kwargs)


def test_a_request_to_the_adviser_makes_no_branch_signal_and_notifies_only_the_adviser(board):
    request = adviser_request(board)
    with board.tenant():
        assert request.signal_id is None
        assert not Signal.objects.filter(source=Signal.Source.TALK_REQUEST).exists()
        recipients = set(Notification.objects.filter(kind="talk_request").values_list("recipient_id", flat=True))
    assert recipients == {board.adviser.pk}
    other = f.make_staff("confidential_adviser", branch=board.other_branch)
    with board.tenant():
        assert not talk.talk_requests_for(other).filter(pk=request.pk).exists()  # another branch's adviser


@pytest.mark.parametrize("who", ["mentor", "teacher", "coordinator", "management", "board_coordinator"])
def test_no_other_role_can_read_a_request_to_the_adviser(client, board, who):
    request = adviser_request(board)
    user = getattr(board, who)
    client.force_login(user)
    assert client.get(f"/gespreksverzoeken/{request.pk}/").status_code == 404
    with board.tenant():
        assert not talk.talk_requests_for(user).filter(pk=request.pk).exists()
    for url in ("/signalen/", "/", "/berichten/"):
        response = client.get(url)
        assert "Noor Bakker" not in response.content.decode() and "Het gaat over thuis" not in response.content.decode()


def test_the_adviser_reads_it(client, board):
    request = adviser_request(board)
    client.force_login(board.adviser)
    page = client.get(f"/gespreksverzoeken/{request.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Noor Bakker" in html and "Het gaat over thuis" in html and "niemand anders in Pestzaak" in html


def test_other_requests_are_still_read_by_who_triages_them(client, board):
    with board.tenant():
        request = talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                           wants="coordinator", name="Sem")
    for who in ("coordinator", "board_coordinator"):
        client.force_login(getattr(board, who))
        assert client.get(f"/gespreksverzoeken/{request.pk}/").status_code == 200, who
    client.force_login(board.adviser)
    assert client.get(f"/gespreksverzoeken/{request.pk}/").status_code == 404


def test_a_branch_without_an_adviser_gets_a_plain_message_and_nothing_is_stored(client, board):
    with board.tenant(), pytest.raises(ValidationError, match="nog geen vertrouwenspersoon"):
        talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.other_branch.pk,
                                 wants="confidential_adviser", name="Noor")
    with board.tenant():
        assert not TalkRequest.objects.exists() and not Notification.objects.filter(kind="talk_request").exists()
    school = talk.school_token(board.organisation.pk, board.other_branch.pk)
    response = client.post("/thermometer/gesprek/", {"school": school, "wants": "confidential_adviser", "name": "Noor"})
    assert response.status_code == 400 and "nog geen vertrouwenspersoon" in response.content.decode()


def test_requests_made_before_are_sealed_by_the_migration(board):
    """The data migration: an old adviser request's signal and the coordinator's notification go."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps as global_apps
    from django.db import connection

    from people.notifications import notify

    with board.tenant():
        request = talk.talk_request_create(organisation_id=board.organisation.pk, branch_id=board.branch.pk,
                                           wants="coordinator", name="Oud Verzoek")
        TalkRequest.objects.filter(pk=request.pk).update(wants="confidential_adviser")  # as stored before
        notify(organisation=board.organisation.pk, recipients=[board.adviser], kind="talk_request",
               dedupe_key=talk.dedupe_key(request), title="t", body="b", url="/", email=False)
    migration = importlib.import_module("monitoring.migrations.0007_h11a_adviser_talk_requests")
    with board.tenant():  # the migration only reads the editor's connection
        migration.seal_adviser_requests(global_apps, SimpleNamespace(connection=connection))
    with board.tenant():
        assert not Signal.objects.filter(source=Signal.Source.TALK_REQUEST).exists()
        assert TalkRequest.objects.get(pk=request.pk).signal_id is None
        recipients = set(Notification.objects.filter(kind="talk_request").values_list("recipient_id", flat=True))
    assert recipients == {board.adviser.pk}
