"""Serious incidents: a category and a serious mark on signals, a register per board (a
setting until the law is in force) and the notice to the inspectorate."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from incidents import serious, services
from incidents.models import SeriousIncident, Signal
from incidents.services import SignalStudentInput
from people.models import AuditEvent

from .helpers import open_case

pytestmark = pytest.mark.django_db


def serious_signal(board, category="weapons"):
    with board.tenant():
        return services.signal_create(
            organisation=board.organisation, branch=board.branch, reported_by=board.teacher,
            description="Mes getoond op het schoolplein.", incident_category=category, is_serious=True,
            students=[SignalStudentInput(role="target", student_id=board.student.pk)],
        )


def enable(board):
    with board.tenant():
        serious.policy_set(organisation_id=board.organisation.pk, acting_user=board.board_coordinator, enabled=True)


def test_a_serious_signal_lands_in_the_register_only_when_the_board_keeps_one(board):
    first = serious_signal(board)
    with board.tenant():
        assert (first.incident_category, first.is_serious) == ("weapons", True)
        assert not SeriousIncident.objects.exists()
    enable(board)
    second = serious_signal(board, "threats")
    with board.tenant():
        incident = SeriousIncident.objects.get()
        assert (incident.signal_id, incident.category, incident.branch_id) == (second.pk, "threats", board.branch.pk)


def test_serious_needs_a_category_and_only_the_board_sets_the_register(board):
    with board.tenant():
        with pytest.raises(ValidationError) as no_category:
            services.signal_create(organisation=board.organisation, branch=board.branch, reported_by=board.teacher,
                                   description="x", is_serious=True,
                                   students=[SignalStudentInput(role="target", student_id=board.student.pk)])
        assert "incident_category" in no_category.value.message_dict
        assert not Signal.objects.exists()
        with pytest.raises(PermissionDenied):
            serious.policy_set(organisation_id=board.organisation.pk, acting_user=board.coordinator, enabled=True)


def test_registering_from_a_case_and_reporting_to_the_inspectorate(board):
    case = open_case(board)
    with board.tenant():
        with pytest.raises(ValidationError):  # the register is off
            serious.register_from_case(case=case, acting_user=board.coordinator, category="drugs",
                                       occurred_on=dt.date.today(), description="Drugs verhandeld.")
    enable(board)
    with board.tenant():
        with pytest.raises(PermissionDenied):
            serious.register_from_case(case=case, acting_user=board.mentor, category="drugs",
                                       occurred_on=dt.date.today(), description="Drugs verhandeld.")
        entry = case.entries.first()
        incident = serious.register_from_case(case=case, acting_user=board.coordinator, category="drugs",
                                              occurred_on=dt.date.today(), description="Drugs verhandeld.", entry=entry)
        entry.refresh_from_db()
        assert (entry.incident_category, entry.is_serious) == ("drugs", True)
        with pytest.raises(ValidationError):
            serious.reported_to_inspectorate(incident=incident, acting_user=board.coordinator,
                                             reported_on=dt.date.today() + dt.timedelta(days=1))
        done = serious.reported_to_inspectorate(incident=incident, acting_user=board.coordinator,
                                                reported_on=dt.date.today(), reference="INSP-42")
        assert done.reported_on == dt.date.today() and done.reported_by_id == board.coordinator.pk
        with pytest.raises(ValidationError):  # once
            serious.reported_to_inspectorate(incident=done, acting_user=board.coordinator, reported_on=dt.date.today())
        assert AuditEvent.objects.filter(object_type="incidents.seriousincident", action="update").exists()
        figures = serious.register_figures(board.organisation.pk, [board.branch.pk], dt.date(2000, 1, 1),
                                           dt.date.today() + dt.timedelta(days=1))
        assert figures["lines"] == [{"category": "Drugs", "total": 1, "reported": 1}]


def test_the_register_page_for_coordinator_not_for_a_teacher(client, board, other_board):
    enable(board)
    serious_signal(board)
    client.force_login(board.teacher)
    assert client.get(reverse("incidents:serious_register")).status_code == 403
    client.force_login(other_board.coordinator)
    assert "Mes getoond" not in client.get(reverse("incidents:serious_register")).content.decode()
    with board.tenant():
        incident = SeriousIncident.objects.get()
    assert client.post(reverse("incidents:serious_reported", args=[incident.pk]),
                       {"reported_on": "2026-01-01"}).status_code == 404
    client.force_login(board.coordinator)
    page = client.get(reverse("incidents:serious_register")).content.decode()
    assert "Mes getoond" in page and "Wapens" in page


def test_the_inspection_report_has_a_serious_incident_section_when_the_register_is_kept(board):
    from monitoring.report.figures import registration_figures
    from tests import factories as f

    year = board.school_class.school_year
    with board.tenant():
        off = registration_figures(organisation_id=board.organisation.pk, branch_ids=[board.branch.pk], school_year=year)
    assert off[board.branch.pk].serious is None
    enable(board)
    with board.tenant():
        for _ in range(12):
            services.signal_create(
                organisation=board.organisation, branch=board.branch, reported_by=board.teacher,
                description="Vechtpartij.", incident_category="physical_violence", is_serious=True,
                occurred_on=max(year.starts_on, min(dt.date.today(), year.ends_on)),
                students=[SignalStudentInput(role="target", student_id=f.EnrolmentFactory(
                    school_class=board.school_class).student.pk)],
            )
        SeriousIncident.objects.update(reported_on=dt.date.today())
        on = registration_figures(organisation_id=board.organisation.pk, branch_ids=[board.branch.pk], school_year=year)
    rows = {r.key: r.value for r in on[board.branch.pk].serious.rows}
    # Twelve incidents, all reported (counts under K = 10 would be hidden, as every count of the report).
    assert rows["physical_violence"] == 12 and rows["reported"] == 12
