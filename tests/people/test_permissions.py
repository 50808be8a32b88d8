"""The table of who may do what (people/permissions.py) and its functions, role by role."""
import pytest

from people import permissions as perms
from people.permissions import Permission as P
from people.permissions import Reach
from people.roles import BRANCH_ROLES, ORGANISATION_ROLES, Role
from people.tenancy import tenant_context
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_every_role_has_a_row_and_board_roles_reach_the_whole_board():
    assert set(perms.ROLE_PERMISSIONS) == set(Role)
    for role, row in perms.ROLE_PERMISSIONS.items():
        assert P.LOG_SIGNAL in row, role  # everyone on staff logs a signal
        if role in ORGANISATION_ROLES:
            assert set(row.values()) == {Reach.BOARD}, role
        else:
            assert Reach.BOARD not in row.values(), role


def test_every_permission_is_held_by_some_role():
    for perm in P:
        assert perms.roles_with(perm) or any(perm in s for s in perms.BOARD_SWITCHED.values()), perm


def test_what_a_mentor_may_do():
    row = perms.ROLE_PERMISSIONS[Role.MENTOR]
    assert row == {
        P.LOG_SIGNAL: Reach.BRANCH, P.READ_DOSSIERS: Reach.BRANCH, P.KEEP_FOLLOWUPS: Reach.BRANCH,
        P.ANSWER_TALK_REQUESTS: Reach.BRANCH,
        P.READ_STUDENTS: Reach.OWN, P.READ_CASES: Reach.OWN, P.WORK_ON_CASE: Reach.OWN, P.READ_HANDOVER: Reach.OWN,
    }


def test_roles_with_leaves_out_own_reach_on_request():
    assert Role.MENTOR in perms.roles_with(P.READ_CASES)
    assert Role.MENTOR not in perms.roles_with(P.READ_CASES, own=False)
    assert perms.roles_with(P.KEEP_CONFIDENTIAL_NOTES) == {Role.CONFIDENTIAL_ADVISER}
    assert perms.roles_with(P.MANAGE_RETENTION) == {Role.BOARD_MANAGEMENT}
    assert perms.roles_with(P.EXPORT_REPORT) == {Role.BRANCH_MANAGEMENT, Role.BOARD_MANAGEMENT, Role.BOARD_COORDINATOR}
    # Teachers and support staff read no dossier by role: they may log in without a second factor.
    assert set(Role) - perms.roles_with(P.READ_DOSSIERS) == {Role.TEACHER, Role.SUPPORT_STAFF}


@pytest.mark.parametrize("role", sorted(Role))
def test_has_permission_for_a_user_holding_only_that_role(role):
    branch = f.BranchFactory()
    elsewhere = f.BranchFactory(organisation=branch.organisation)
    user = f.make_staff(role, branch=branch)
    row = perms.ROLE_PERMISSIONS[role]
    with tenant_context(branch.organisation):
        _check_row(user, role, row, branch, elsewhere)


def _check_row(user, role, row, branch, elsewhere):
    for perm in P:
        held = perm in row
        assert perms.has_permission(user, perm) is held, (role, perm)
        assert perms.has_permission(user, perm, branch=branch) is held, (role, perm)
        assert perms.has_permission(user, perm, branch=branch.pk) is held, (role, perm)
        wide = held and row[perm] is not Reach.OWN
        assert perms.has_permission(user, perm, branch=branch, own=False) is wide, (role, perm)
        # A branch role counts at its own branch only; a board role at every branch.
        assert perms.has_permission(user, perm, branch=elsewhere) is (held and role in ORGANISATION_ROLES)
        assert perms.board_wide(user, perm) is (held and role in ORGANISATION_ROLES)
        assert perms.branch_ids_where(user, perm) == ({branch.pk} if wide and role in BRANCH_ROLES else set())
        expected = {branch, elsewhere} if held and role in ORGANISATION_ROLES else ({branch} if wide else set())
        assert set(perms.branches_where(user, perm)) == expected, (role, perm)


def test_a_user_without_roles_or_organisation_holds_nothing():
    from django.contrib.auth.models import AnonymousUser

    nobody = f.UserFactory()
    for user in (nobody, AnonymousUser()):
        assert not any(perms.has_permission(user, perm) for perm in P)
        assert not perms.branch_ids_where(user, P.READ_CASES)
        assert list(perms.branches_where(user, P.READ_CASES)) == []


def test_has_permission_reads_the_roles_once(django_assert_num_queries):
    branch = f.BranchFactory()
    user = f.make_staff(Role.COORDINATOR, branch=branch)
    with tenant_context(branch.organisation), django_assert_num_queries(1):
        for perm in P:
            perms.has_permission(user, perm, branch=branch)
            perms.branch_ids_where(user, perm)
            perms.within_reach(user, perm)
