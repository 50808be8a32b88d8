"""Round pages: list, open a round, print codes as a PDF of slips, revoke a code; who may."""
import datetime as dt
import re
import shutil
import subprocess

import pytest
import segno
from django.utils import timezone

from monitoring import codes as code_service
from monitoring import services as monitoring_services
from monitoring import slips
from monitoring.models import AccessCode, RoundClass, SurveyRound
from tests import factories as f
from tests.documents import fetch_pdf

pytestmark = pytest.mark.django_db

CODE_ON_SLIP = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")


def logged_in(client, user):
    client.force_login(user)
    return client


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def create_round(client, board, **extra):
    now = timezone.now()
    data = {
        "name": "Thermometer najaar 2026", "opens_at": local(now - dt.timedelta(hours=1)),
        "closes_at": local(now + dt.timedelta(days=14)), "min_group_size": 10,
        "classes": [board.school_class.pk, board.other_class.pk], **extra,
    }
    return client.post("/peilingen/nieuw/", data)


def the_round(board):
    with board.tenant():
        return SurveyRound.objects.get()


def test_a_coordinator_opens_a_round_for_classes_of_their_branch(client, board):
    logged_in(client, board.coordinator)
    page = client.get("/peilingen/nieuw/").content.decode()
    assert board.school_class.name in page and 'type="checkbox"' in page
    response = create_round(client, board)
    survey = the_round(board)
    assert response.status_code == 302 and response["Location"] == f"/peilingen/{survey.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert board.school_class.name in detail and board.other_class.name in detail
    listing = client.get("/peilingen/").content.decode()
    assert "Thermometer najaar 2026" in listing


def test_a_round_needs_a_minimum_group_of_five_and_a_window(client, board):
    logged_in(client, board.coordinator)
    small = create_round(client, board, min_group_size=4)
    assert small.status_code == 400 and "kies 5 of meer" in small.content.decode()
    now = timezone.now()
    backwards = create_round(client, board, opens_at=local(now + dt.timedelta(days=2)), closes_at=local(now))
    assert backwards.status_code == 400 and "sluiten na" in backwards.content.decode()
    none = create_round(client, board, classes=[])
    assert none.status_code == 400 and "Kies de klassen" in none.content.decode()
    with board.tenant():
        assert SurveyRound.objects.count() == 0


def test_classes_of_other_branches_and_organisations_are_not_offered(client, board, other_board):
    elsewhere = f.SchoolClassFactory(branch=board.other_branch, school_year=board.school_class.school_year)
    logged_in(client, board.coordinator)
    page = client.get("/peilingen/nieuw/").content.decode()
    assert elsewhere.name not in page and other_board.school_class.name not in page
    response = create_round(client, board, classes=[other_board.school_class.pk])
    assert response.status_code == 400


def test_mentors_and_teachers_may_not_manage_rounds(client, board):
    logged_in(client, board.coordinator)
    create_round(client, board)
    survey = the_round(board)
    for user in (board.mentor, board.teacher, board.adviser):
        client.force_login(user)
        assert client.get("/peilingen/").status_code == 403
        assert client.get(f"/peilingen/{survey.pk}/").status_code == 404


def test_another_organisation_gets_404_for_every_round_page(client, board, other_board):
    logged_in(client, board.coordinator)
    create_round(client, board)
    survey = the_round(board)
    with board.tenant():
        rc = RoundClass.objects.filter(round=survey).first()
    client.force_login(other_board.board_coordinator)
    assert client.get(f"/peilingen/{survey.pk}/").status_code == 404
    assert client.post(f"/peilingen/{survey.pk}/klassen/{rc.pk}/codes/", {f"c{rc.pk}-count": "3"}).status_code == 404
    assert client.post(f"/peilingen/{survey.pk}/code-intrekken/", {"code": "ABCD"}).status_code == 404
    assert "Thermometer najaar" not in client.get("/peilingen/").content.decode()
    with board.tenant():
        assert AccessCode.objects.count() == 0


def test_not_logged_in_goes_to_the_login_page(client, board):
    assert client.get("/peilingen/")["Location"].startswith("/inloggen/")


def test_codes_come_as_a_pdf_of_slips_with_the_formatted_codes_and_a_qr_code(client, board, tmp_path):
    logged_in(client, board.coordinator)
    create_round(client, board)
    survey = the_round(board)
    with board.tenant():
        rc = RoundClass.objects.get(round=survey, school_class=board.school_class)
    # A document job issues the codes and lays out the slips; the request only queues it.
    job, content = fetch_pdf(client, f"/peilingen/{survey.pk}/klassen/{rc.pk}/codes/", board, {f"c{rc.pk}-count": "12"})
    assert job.kind == "survey_slips" and job.filename == slips.filename(rc)
    assert set(job.params) == {"round_id", "round_class_id", "count", "base"}  # never a code
    pdf = tmp_path / "slips.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = CODE_ON_SLIP.findall(text)
    assert len(set(printed)) == 12
    # The address the app was reached on (the test client's host), not settings.SITE_URL.
    assert slips.survey_url("http://testserver") in "".join(text.split()) and rc.class_name in text
    assert "localhost:8000" not in text
    with board.tenant():
        rc.refresh_from_db()
        assert rc.invited == 12
        digests = set(AccessCode.objects.filter(round_class=rc).values_list("digest", flat=True))
    # Each printed code is a stored (hashed) code of this class; none is stored in plain text.
    assert {code_service.digest(c) for c in printed} == digests
    assert not any(c.replace("-", "") in d for c in printed for d in digests)
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+2", pages)  # ten slips a page
    assert_qr_codes_decode_to_the_survey(pdf, printed, tmp_path)


def assert_qr_codes_decode_to_the_survey(pdf, printed, tmp_path):
    expected = {slips.qr_url(c.replace("-", "")) for c in printed}
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "page")], check=True)
        found = set()
        for png in sorted(tmp_path.glob("page*.png")):
            out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True).stdout
            found |= {line.strip() for line in out.splitlines() if line.strip()}
        assert found == expected
    else:  # no scanner here: the slip's QR is segno's encoding of exactly this URL
        for code in printed:
            bare = code.replace("-", "")
            ours = slips.qr_code(bare)
            assert ours.matrix == segno.make(f"{slips.survey_url()}#{bare}", error="m").matrix


def test_a_bad_count_is_a_clear_message_and_issues_nothing(client, board):
    logged_in(client, board.coordinator)
    create_round(client, board)
    survey = the_round(board)
    with board.tenant():
        rc = RoundClass.objects.get(round=survey, school_class=board.school_class)
    response = client.post(f"/peilingen/{survey.pk}/klassen/{rc.pk}/codes/", {f"c{rc.pk}-count": "500"})
    assert response.status_code == 400 and "tussen 1 en 60 codes" in response.content.decode()
    with board.tenant():
        assert AccessCode.objects.count() == 0


def test_a_coordinator_revokes_a_lost_code(client, board):
    logged_in(client, board.coordinator)
    create_round(client, board)
    survey = the_round(board)
    with board.tenant():
        rc = RoundClass.objects.get(round=survey, school_class=board.school_class)
        code, *_rest = monitoring_services.codes_issue(round_class=rc, count=2, acting_user=board.coordinator)
    response = client.post(f"/peilingen/{survey.pk}/code-intrekken/", {"code": code_service.format_code(code).lower()})
    assert response.status_code == 302
    with board.tenant():
        assert AccessCode.objects.filter(revoked=True).count() == 1
    unknown = client.post(f"/peilingen/{survey.pk}/code-intrekken/", {"code": "ABCD-EFGH-JKMN"})
    assert unknown.status_code == 400 and "hoort niet bij deze peiling" in unknown.content.decode()


def test_the_slips_render_the_qr_of_the_code_url():
    context = slips.slip_context(codes=["ABCDEFGHJKMN"], round_name="R", class_name="2B", branch_name="V",
                                 closes_at=timezone.now())
    slip = context["pages"][0][0]
    assert slip.formatted == "ABCD-EFGH-JKMN"
    assert slip.qr_svg.startswith("<svg") and slip.qr_svg == slips.qr_code("ABCDEFGHJKMN").svg_inline(scale=3, border=0, dark="#000")
    assert slips.qr_url("ABCDEFGHJKMN").endswith("/thermometer/#ABCDEFGHJKMN")  # the fragment: never sent to a server


def test_the_slip_count_defaults_to_the_class_size(client, board):
    from tests import factories as f

    for _ in range(3):
        f.EnrolmentFactory(school_class=board.school_class)
    logged_in(client, board.coordinator)
    create_round(client, board)
    survey = the_round(board)
    with board.tenant():
        rc = RoundClass.objects.get(round=survey, school_class=board.school_class)
        size = board.school_class.enrolments.count()
    page = client.get(f"/peilingen/{survey.pk}/").content.decode()
    field = page[page.index(f'name="c{rc.pk}-count"') - 200:page.index(f'name="c{rc.pk}-count"') + 200]
    assert f'value="{size}"' in field and size == 4
