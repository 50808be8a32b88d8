"""The coordinator's case list runs a constant number of SQL queries, whatever the number of cases.

Cases are built with bulk_create (inside ``board.tenant()``, so row-level security's WITH
CHECK passes on PostgreSQL): the page must not do one query per case, per participant or
per timeline entry. The 10,000-case variant runs in CI too; it builds its data in a few
seconds and asserts the same count. bench/case_list.py measures the time of the same page.
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidents.models import Case, Participant, TimelineEntry

pytestmark = pytest.mark.django_db

STEPS = ("investigate", "agreements", "monitoring")


def build_cases(board, n: int, *, batch_size: int = 2000) -> None:
    """``n`` open six-step cases of board.branch, each with a target, a bully and an incident."""
    now = timezone.now()
    org = board.organisation
    with board.tenant():
        start = Case.objects.filter(organisation=org).count()
        cases = Case.objects.bulk_create(
            [
                Case(
                    organisation=org, branch=board.branch, reference=f"B-{start + i:06d}", title=f"Zaak {start + i}",
                    protocol_key="six_step", protocol_version=1, step=STEPS[i % 3], highest_step_number=str(i % 3 + 1),
                    forms=["verbal"], mentor=board.mentor, coordinator=board.coordinator, opened_by=board.coordinator,
                    opened_at=now, updated_at=now, step_entered_at=now,
                )
                for i in range(n)
            ],
            batch_size=batch_size,
        )
        if cases and cases[0].pk is None:  # a database that returns no ids from bulk_create
            cases = list(Case.objects.filter(organisation=org).order_by("id"))[start:]
        Participant.objects.bulk_create(
            [
                Participant(organisation=org, case=case, student=student, role=role)
                for case in cases
                for student, role in ((board.student, "target"), (board.other_student, "bully"))
            ],
            batch_size=batch_size,
        )
        TimelineEntry.objects.bulk_create(
            [
                TimelineEntry(organisation=org, case=case, kind="incident", step=case.step, text="Uitgescholden",
                              occurred_at=now, recorded_at=now, author=board.mentor)
                for case in cases
            ],
            batch_size=batch_size,
        )


def queries_for_list(client, user, **params) -> int:
    client.force_login(user)
    url = reverse("incidents:case_list")
    client.get(url, params)  # warm caches (session, content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_case_list_takes_as_many_queries_for_5_cases_as_for_50(client, board):
    build_cases(board, 5)
    few = queries_for_list(client, board.coordinator)
    build_cases(board, 45)
    many = queries_for_list(client, board.coordinator)
    assert few == many, f"{few} queries for 5 cases, {many} for 50"
    # Filters and "Mijn zaken" are constant too.
    assert queries_for_list(client, board.coordinator, step="monitoring", school_class=board.school_class.pk) <= many + 2


def test_my_cases_takes_as_many_queries_for_5_cases_as_for_50(client, board):
    url = reverse("incidents:my_cases")
    client.force_login(board.mentor)
    counts = []
    for n in (5, 45):
        build_cases(board, n)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_case_list_stays_constant_with_10000_cases(client, board):
    """The documented large variant: 10,000 cases (20,000 participants, 10,000 entries)."""
    build_cases(board, 5)
    few = queries_for_list(client, board.coordinator)
    build_cases(board, 9_995)
    with board.tenant():
        assert Case.objects.count() == 10_000
    assert queries_for_list(client, board.coordinator) == few
