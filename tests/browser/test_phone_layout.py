"""The menu fits a phone (issue 17, item 2): on a 390 × 844 screen the header is at most
120 px high and the first case row is above the fold, for every demo role; and every role
has at most seven top-level entries. Measured with Chromium's layout boxes."""
from __future__ import annotations

import pytest

from people.roles import Role
from tests import factories as f
from tests.incidents.helpers import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MAX = 120
FOLD = 844


def _boxes(phone, path: str) -> tuple[float, float | None, int]:
    phone.goto(path)
    p = phone.page
    p.wait_for_load_state()
    header = p.locator("header.site-header").bounding_box()
    row = p.locator("main table tbody tr").first
    row_bottom = None
    if row.count():
        box = row.bounding_box()
        row_bottom = box["y"] + box["height"]
    groups = p.get_by_role("navigation", name="Hoofdmenu").get_by_role("listitem").count()
    return header["height"], row_bottom, groups


@pytest.mark.parametrize("persona, cases_path", [
    ("mentor", "/mijn-zaken/"), ("coordinator", "/zaken/"), ("management", "/zaken/"),
    ("board_coordinator", "/zaken/"), ("adviser", "/zaken/"),
])
def test_the_header_fits_and_the_first_case_is_above_the_fold(phone, board, persona, cases_path):
    case = open_case(board)
    with board.tenant():
        type(case).objects.filter(pk=case.pk).update(mentor=board.mentor)
    user = getattr(board, persona)
    phone.log_in(user.email, f.PASSWORD)
    for path in ("/", cases_path):
        height, row_bottom, groups = _boxes(phone, path)
        assert height <= HEADER_MAX, (persona, path, height)
        assert 1 <= groups <= 7, (persona, groups)
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390, (persona, path)
    assert row_bottom is not None and row_bottom <= FOLD, (persona, row_bottom)
    phone.screenshot(f"phone-layout-{persona}")


def test_a_user_with_many_roles_still_fits(phone, board):
    user = f.make_staff(Role.BRANCH_MANAGEMENT, branch=board.branch)
    from people.models import RoleAssignment

    with board.tenant():
        for role in (Role.COORDINATOR, Role.MENTOR, Role.CONFIDENTIAL_ADVISER, Role.STUDENT_COUNSELLOR):
            RoleAssignment.objects.create(organisation=board.organisation, user=user, role=role, branch=board.branch)
    phone.log_in(user.email, f.PASSWORD)
    height, _row, groups = _boxes(phone, "/")
    assert height <= HEADER_MAX and groups <= 7
