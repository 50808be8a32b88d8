"""Dashboard pages: who sees what (404 for everyone else), what is shown, what never is."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from people.models import AuditEvent
from tests import factories as f
from tests.monitoring.test_results import add, klass, make_round, rc_of

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def branch_url(branch, survey=None):
    url = reverse("monitoring:dashboard_branch", args=[branch.pk])
    return f"{url}?peiling={survey.pk}" if survey else url


@pytest.fixture
def survey(board):
    survey = make_round(board, [board.school_class], invited=28)
    add(board, rc_of(board, survey, board.school_class), n=12, value=2, gender="girl")
    return survey


def test_it_shows_the_coordinator_the_branch_results(board, survey):
    response = client_for(board.coordinator).get(branch_url(board.branch))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Groepen kleiner dan 10 tonen we niet, zodat niemand herkenbaar is" in html
    assert re.search(r'data-testid="respondents">12<', html)
    assert re.search(r'data-testid="rate">43%<', html)  # 12 of 28
    assert "<svg" in html and 'role="img"' in html
    assert "Te zijn wie ik ben" in html
    assert " style=" not in html  # strict CSP: no inline styles (SVG uses attributes)
    assert "<script" not in html


def test_the_index_sends_a_coordinator_to_the_branch(board, survey):
    response = client_for(board.coordinator).get(reverse("monitoring:dashboard"))
    assert response.status_code == 302 and response["Location"] == branch_url(board.branch)


def test_management_and_head_of_department_see_the_branch(board, survey):
    hod = f.make_staff("head_of_department", branch=board.branch)
    for user in (board.management, hod, board.board_coordinator):
        assert client_for(user).get(branch_url(board.branch, survey)).status_code == 200


@pytest.mark.parametrize("persona", ["mentor", "teacher", "adviser"])
def test_other_staff_get_404(board, survey, persona):
    client = client_for(getattr(board, persona))
    assert client.get(reverse("monitoring:dashboard")).status_code == 404
    assert client.get(branch_url(board.branch, survey)).status_code == 404
    assert client.get(reverse("monitoring:dashboard_board")).status_code == 404
    assert client.get(reverse("monitoring:dashboard_export", args=[survey.pk])).status_code == 404


def test_another_board_gets_404(board, other_board, survey):
    client = client_for(other_board.board_coordinator)
    assert client.get(branch_url(board.branch)).status_code == 404
    assert client.get(branch_url(other_board.branch, survey)).status_code == 404
    assert client.get(reverse("monitoring:dashboard_export", args=[survey.pk])).status_code == 404


def test_a_coordinator_does_not_see_another_branch_or_its_rounds(board, survey):
    other_class = klass(board, "9Z", branch=board.other_branch)
    other_round = make_round(board, [other_class], name="Alleen de andere vestiging")
    client = client_for(board.coordinator)
    assert client.get(branch_url(board.other_branch)).status_code == 404
    assert client.get(branch_url(board.branch, other_round)).status_code == 404
    assert client.get(branch_url(board.branch) + "?peiling=abc").status_code == 404
    assert client.get(reverse("monitoring:dashboard_board")).status_code == 404


def test_the_board_sees_all_branches_side_by_side(board, survey):
    other_class = klass(board, "9Z", branch=board.other_branch)
    with board.tenant():
        from monitoring.models import RoundClass

        RoundClass.objects.create(organisation=board.organisation, round=survey, school_class=other_class,
                                  branch=board.other_branch, class_name="9Z", invited=20)
    add(board, rc_of(board, survey, other_class), n=15, value=4)
    response = client_for(board.board_coordinator).get(reverse("monitoring:dashboard_board"))
    assert response.status_code == 200
    html = response.content.decode()
    assert board.branch.name in html and board.other_branch.name in html
    assert "Hele organisatie" in html and ">27<" in html


def test_no_hidden_group_appears_on_the_page(board):
    """A class of 12 with 2 'other': the 10 boys are hidden too, the page says "< 10"."""
    survey = make_round(board, [board.school_class])
    rc = rc_of(board, survey, board.school_class)
    add(board, rc, n=10, gender="boy", value=2)
    add(board, rc, n=2, gender="other", value=5)
    html = client_for(board.coordinator).get(branch_url(board.branch, survey)).content.decode()
    gender_table = html.split("Per geslacht", 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="num">([^<]+)</td>', gender_table))
    assert rows["Jongens"] == "&lt; 10" and rows["Anders"] == "&lt; 10"
    assert rows["Hele vestiging"] == "12"
    assert "5,0" not in gender_table  # the two's mean


def test_a_round_below_k_shows_only_less_than_k(board):
    survey = make_round(board, [board.school_class])
    add(board, rc_of(board, survey, board.school_class), n=3, value=5)
    html = client_for(board.coordinator).get(branch_url(board.branch, survey)).content.decode()
    assert 'data-testid="respondents">&lt; 10<' in html
    assert "5,0" not in html
    assert "Er zijn nog minder dan 10 antwoorden" in html


def test_a_branch_without_rounds_says_so(board):
    response = client_for(board.coordinator).get(branch_url(board.branch))
    assert response.status_code == 200
    assert "nog niet meegedaan" in response.content.decode()


def test_the_menu_shows_veiligheid_to_those_who_see_results(board, survey):
    assert "Veiligheid" in client_for(board.coordinator).get(reverse("home")).content.decode()
    nav = client_for(board.teacher).get(reverse("home")).content.decode().split("Hoofdmenu", 1)[-1].split("</nav>", 1)[0]
    assert "Veiligheid" not in nav


def test_the_download_is_audited(board, survey):
    response = client_for(board.coordinator).get(
        reverse("monitoring:dashboard_export", args=[survey.pk]) + f"?vestiging={board.branch.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    with board.tenant():
        event = AuditEvent.objects.get(action="export")
    assert event.actor == board.coordinator and event.object_id == str(survey.pk)


def test_the_download_refuses_another_branch(board, survey):
    url = reverse("monitoring:dashboard_export", args=[survey.pk]) + f"?vestiging={board.other_branch.pk}"
    assert client_for(board.coordinator).get(url).status_code == 404


def test_english_works(board, survey):
    client = client_for(board.coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(branch_url(board.branch)).content.decode()
    assert "Be who I am" in html


# --- the aggregates API ------------------------------------------------------------------


def api_branch_url(survey, branch):
    return reverse("api-survey-results-branch", args=[survey.pk, branch.pk])


def test_the_api_gives_the_branch_aggregates(board, survey):
    response = client_for(board.coordinator).get(api_branch_url(survey, board.branch))
    assert response.status_code == 200
    data = response.json()
    assert data["k"] == 10 and data["total"]["respondents"] == 12 and data["total"]["invited"] == 28
    safe = next(r for r in data["section_rows"] if r["section"] == "safe_to")
    assert safe["figures"]["mean"] == pytest.approx(2.0) and safe["figures"]["suppressed"] is False
    genders = {g["key"]: g for g in data["genders"]}
    assert genders["gender:girl"]["respondents"] == 12
    assert genders["gender:boy"]["suppressed"] is True and genders["gender:boy"]["respondents"] is None
    assert genders["gender:boy"]["sections"]["safe_to"]["mean"] is None
    assert len(data["items"]) == 42 and data["trend"]["respondents"] == [12]


def test_the_api_hides_small_groups_as_null(board):
    survey = make_round(board, [board.school_class])
    add(board, rc_of(board, survey, board.school_class), n=4, value=5)
    data = client_for(board.coordinator).get(api_branch_url(survey, board.branch)).json()
    assert data["total"]["respondents"] is None and data["total"]["suppressed"] is True
    assert all(i["figures"]["mean"] is None for i in data["items"])
    assert "5.0" not in str(data["items"]) and data["trend"]["means"]["safe_to"] == [None]


def test_the_api_refuses_whom_the_pages_refuse(board, other_board, survey):
    assert client_for(board.teacher).get(api_branch_url(survey, board.branch)).status_code == 404
    assert client_for(other_board.coordinator).get(api_branch_url(survey, board.branch)).status_code == 404
    assert client_for(board.coordinator).get(api_branch_url(survey, board.other_branch)).status_code == 404
    board_url = reverse("api-survey-results-board", args=[survey.pk])
    assert client_for(board.coordinator).get(board_url).status_code == 404
    assert Client().get(api_branch_url(survey, board.branch)).status_code == 401


def test_the_api_gives_the_board_all_branches(board, survey):
    response = client_for(board.board_coordinator).get(reverse("api-survey-results-board", args=[survey.pk]))
    assert response.status_code == 200
    data = response.json()
    assert [b["label"] for b in data["branches"]] == [board.branch.name]
    assert data["organisation"]["respondents"] == 12
