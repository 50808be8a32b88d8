"""The pages for branches, classes and students: who sees what, audit, header, i18n, queries."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import AuditEvent
from people.roles import Role
from tests import factories as f
from tests.browser.messages import ensure_compiled

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------
def detail_urls(board) -> dict[str, str]:
    return {
        "branch": reverse("people:branch_detail", args=[board.branch.pk]),
        "class": reverse("people:class_detail", args=[board.school_class.pk]),
        "student": reverse("people:student_detail", args=[board.student.pk]),
    }


LIST_URLS = ["home", "people:branch_list", "people:class_list", "people:student_list"]


def text_of(response) -> str:
    return response.content.decode()


class _Outline(HTMLParser):
    """Collects what the accessibility checks need: headings, landmarks, labels, inputs."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.html_lang: str | None = None
        self.inline_styles = 0
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.controls.append(attrs)
        if "style" in attrs or tag == "style" or any(a.startswith("on") for a in attrs):
            self.inline_styles += 1
        if tag == "script":
            self._in_script = "src" not in attrs
            self.inline_scripts += int(self._in_script)


def outline(response) -> _Outline:
    parser = _Outline()
    parser.feed(text_of(response))
    return parser


# --- anonymous visitors ------------------------------------------------------------
@pytest.mark.parametrize("name", LIST_URLS)
def test_it_sends_anonymous_visitors_of_lists_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("kind", ["branch", "class", "student"])
def test_it_sends_anonymous_visitors_of_details_to_the_login_page(client, board, kind):
    response = client.get(detail_urls(board)[kind])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the wall between organisations ------------------------------------------------------
@pytest.mark.parametrize("kind", ["branch", "class", "student"])
def test_it_gives_404_for_another_organisations_details(client, board, other_board, kind):
    client.force_login(other_board.board_coordinator)
    response = client.get(detail_urls(board)[kind])
    assert response.status_code == 404
    assert "Niet gevonden" in text_of(response)


@pytest.mark.parametrize("name", LIST_URLS)
def test_it_shows_nothing_of_another_organisation_in_lists(client, board, other_board, name):
    client.force_login(other_board.board_coordinator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = text_of(response)
    for secret in (board.branch.name, board.other_branch.name, board.school_class.name,
                   board.student.external_id, board.other_student.external_id, board.organisation.name):
        assert secret not in page
    assert other_board.branch.name in page or name in {"people:student_list", "people:class_list"}


def test_it_gives_404_for_unknown_and_absurd_ids(client, board):
    client.force_login(board.board_coordinator)
    for url in ["/leerlingen/999999/", "/leerlingen/99999999999999999999999999/", "/leerlingen/abc/",
                "/vestigingen/0/", "/klassen/-1/"]:
        assert client.get(url).status_code == 404, url


# --- role rules inside one organisation ------------------------------------------------------
def test_it_shows_a_mentor_only_their_own_classes_students(client, board):
    client.force_login(board.mentor)
    page = text_of(client.get(reverse("people:student_list")))
    assert board.student.external_id in page
    assert board.other_student.external_id not in page
    assert client.get(reverse("people:student_detail", args=[board.student.pk])).status_code == 200
    assert client.get(reverse("people:student_detail", args=[board.other_student.pk])).status_code == 404


def test_it_shows_a_teacher_no_student_records(client, board):
    client.force_login(board.teacher)
    page = text_of(client.get(reverse("people:student_list")))
    assert board.student.external_id not in page
    assert "Geen leerlingen gevonden." in page
    assert client.get(reverse("people:student_detail", args=[board.student.pk])).status_code == 404
    class_page = text_of(client.get(reverse("people:class_detail", args=[board.school_class.pk])))
    assert board.student.full_name not in class_page
    assert "U kunt de leerlingen van deze klas niet inzien." in class_page


def test_it_shows_a_coordinator_their_branch_only(client, board):
    with board.tenant():
        elsewhere = f.StudentFactory(branch=board.other_branch)
    client.force_login(board.coordinator)
    page = text_of(client.get(reverse("people:student_list")))
    assert board.student.external_id in page and board.other_student.external_id in page
    assert elsewhere.external_id not in page
    assert client.get(reverse("people:student_detail", args=[elsewhere.pk])).status_code == 404
    branches = text_of(client.get(reverse("people:branch_list")))
    assert board.branch.name in branches and board.other_branch.name not in branches
    assert client.get(reverse("people:branch_detail", args=[board.other_branch.pk])).status_code == 404


def test_it_shows_a_board_coordinator_everything_in_the_organisation(client, board):
    with board.tenant():
        elsewhere = f.StudentFactory(branch=board.other_branch)
    client.force_login(board.board_coordinator)
    page = text_of(client.get(reverse("people:student_list")))
    for student in (board.student, board.other_student, elsewhere):
        assert student.external_id in page
    assert client.get(reverse("people:branch_detail", args=[board.other_branch.pk])).status_code == 200
    assert client.get(reverse("people:student_detail", args=[elsewhere.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["mentor", "teacher", "coordinator", "adviser", "management", "board_coordinator"])
def test_it_renders_every_page_for_every_persona(client, board, persona):
    client.force_login(getattr(board, persona))
    for name in LIST_URLS:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("people:class_detail", args=[board.school_class.pk])).status_code == 200
    assert client.get(reverse("people:branch_detail", args=[board.branch.pk])).status_code == 200


def test_it_filters_the_student_list_and_keeps_filters_when_paging(client, board):
    with board.tenant():
        for i in range(55):
            f.EnrolmentFactory(school_class=board.other_class, student__last_name=f"Zz{i:02d}")
    client.force_login(board.coordinator)
    response = client.get(reverse("people:student_list"), {"school_class": board.other_class.pk})
    page = text_of(response)
    assert board.student.external_id not in page
    assert f"school_class={board.other_class.pk}&amp;page=2" in page
    searched = text_of(client.get(reverse("people:student_list"), {"q": board.student.external_id}))
    assert board.student.external_id in searched and board.other_student.external_id not in searched
    bad = client.get(reverse("people:student_list"), {"branch": "abc", "page": "xyz"})
    assert bad.status_code == 200


# --- audit -------------------------------------------------------------------------
def test_it_audits_every_read_of_a_student_record(client, board):
    client.force_login(board.mentor)
    client.get(reverse("people:student_detail", args=[board.student.pk]))
    with board.tenant():
        event = AuditEvent.objects.get(action=AuditEvent.Action.READ)
        assert event.actor == board.mentor
        assert event.organisation_id == board.organisation.pk
        assert (event.object_type, event.object_id) == ("people.student", str(board.student.pk))
        assert event.ip_address == "127.0.0.1"


def test_it_does_not_audit_a_refused_read(client, board):
    client.force_login(board.teacher)
    client.get(reverse("people:student_detail", args=[board.student.pk]))
    with board.tenant():
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.READ).exists()


# --- header, navigation, accessibility ------------------------------------------------------
def test_it_shows_user_role_and_branch_in_the_header(client, board):
    client.force_login(board.mentor)
    page = text_of(client.get(reverse("home")))
    header = page[page.index("<header"):page.index("</header>")]
    assert board.mentor.full_name in header
    assert "Mentor" in header
    assert board.branch.name in header


def test_it_shows_board_roles_for_the_whole_organisation(client, board):
    client.force_login(board.board_coordinator)
    page = text_of(client.get(reverse("home")))
    header = page[page.index("<header"):page.index("</header>")]
    assert "Algemeen anti-pestcoördinator" in header and "Hele organisatie" in header


@pytest.mark.parametrize(
    "persona, sees_students", [("mentor", True), ("teacher", False), ("adviser", False),
                               ("coordinator", True), ("management", True), ("board_coordinator", True)]
)
def test_it_builds_the_navigation_by_role(client, board, persona, sees_students):
    client.force_login(getattr(board, persona))
    page = text_of(client.get(reverse("home")))
    nav = page[page.index('<nav aria-label="Hoofdmenu"'):]
    nav = nav[:nav.index("</nav>")]
    assert 'aria-current="page"' in nav and "Vandaag" in nav
    # The School group holds students, classes and branches, one level down.
    school = text_of(client.get(reverse("people:class_list")))
    tabs = school[school.index('class="section-nav"'):]
    tabs = tabs[:tabs.index("</nav>")]
    assert ('href="/leerlingen/"' in tabs) is sees_students
    assert 'href="/vestigingen/"' in tabs and 'href="/klassen/"' in tabs


def test_it_shows_no_navigation_to_anonymous_visitors(client):
    page = text_of(client.get(reverse("login")))
    assert "Hoofdmenu" not in page and "Uitloggen" not in page


def _pages_for(board):
    return [
        reverse("home"), reverse("people:branch_list"), reverse("people:class_list"),
        reverse("people:student_list"), *detail_urls(board).values(),
    ]


def test_it_builds_accessible_pages(client, board):
    client.force_login(board.coordinator)
    for url in _pages_for(board):
        doc = outline(client.get(url))
        assert doc.html_lang == "nl", url
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in doc.tags, (url, landmark)
        assert doc.headings and doc.headings[0] == 1 and doc.headings.count(1) == 1, (url, doc.headings)
        for previous, current in zip(doc.headings, doc.headings[1:], strict=False):
            assert current <= previous + 1, (url, doc.headings)
        for control in doc.controls:
            assert control.get("id") in doc.label_for, (url, control)


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_it_builds_accessible_anonymous_pages(client, name):
    doc = outline(client.get(reverse(name)))
    assert doc.headings[0] == 1 and "main" in doc.tags
    assert all(c.get("id") in doc.label_for for c in doc.controls)


def test_it_fits_a_phone(client, board):
    client.force_login(board.mentor)
    page = text_of(client.get(reverse("home")))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_it_uses_no_inline_scripts_or_styles(client, board):
    client.force_login(board.coordinator)
    urls = _pages_for(board) + [reverse("login"), reverse("password_reset")]
    for url in urls:
        response = client.get(url)
        doc = outline(response)
        assert doc.inline_styles == 0 and doc.inline_scripts == 0, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url


def test_it_renders_the_404_page_in_the_layout(client, board):
    client.force_login(board.mentor)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet, of u heeft er geen toegang toe." in text_of(response)


# --- language ---------------------------------------------------------------------------
def test_it_speaks_dutch_by_default(client, board):
    client.force_login(board.mentor)
    page = text_of(client.get(reverse("home")))
    assert '<html lang="nl">' in page and "Vandaag" in page and "Signaal melden" in page


def test_it_switches_to_english(client, board):
    ensure_compiled()
    client.force_login(board.coordinator)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    page = text_of(client.get(reverse("home")))
    assert '<html lang="en">' in page
    # The start page's own texts are new msgids, translated centrally afterwards.
    assert "Log out" in page
    assert "Anti-bullying coordinator" in page  # the role in the header, from people.roles
    students = text_of(client.get(reverse("people:student_list")))
    assert "Students" in students and "Leerlingen die u mag inzien" not in students
    back = client.post(reverse("set_language"), {"language": "nl", "next": reverse("home")})
    assert back.status_code == 302
    assert "Uitloggen" in text_of(client.get(reverse("home")))


# --- query counts ------------------------------------------------------------------------
def _count_queries(client, url) -> int:
    # Warm first: the header's counts are cached across pages (issue 16), so only a second
    # request counts what the page itself costs.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["mentor", "coordinator", "board_coordinator"])
def test_it_lists_students_in_a_constant_number_of_queries(client, board, persona):
    client.force_login(getattr(board, persona))
    url = reverse("people:student_list")
    with board.tenant():
        f.EnrolmentFactory.create_batch(3, school_class=board.school_class)  # 5 students in all
    few = _count_queries(client, url)
    with board.tenant():
        f.EnrolmentFactory.create_batch(45, school_class=board.school_class)  # 50
    many = _count_queries(client, url)
    assert few == many


def test_it_lists_classes_in_a_constant_number_of_queries(client, board):
    client.force_login(board.board_coordinator)
    url = reverse("people:class_list")
    few = _count_queries(client, url)
    with board.tenant():
        for _ in range(10):
            f.make_mentor_of(f.SchoolClassFactory(branch=board.branch, school_year=board.school_class.school_year))
    assert _count_queries(client, url) == few


def test_it_shows_a_role_label_for_every_role(client, board):
    # Every role a user can hold has a Dutch label in the header (no KeyError on odd roles).
    person = f.make_staff(Role.CARE_COORDINATOR, branch=board.branch)
    client.force_login(person)
    assert "Zorgcoördinator" in text_of(client.get(reverse("home")))
