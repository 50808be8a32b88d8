"""The record of processing activities (AVG art. 30) covers every model that holds personal
data: a new model with a link to a student or a member of staff, an e-mail or IP address,
or a known personal field fails this test until it is described in processing.ANNOTATIONS."""
from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from monitoring.privacy import processing
from people.roles import Role
from tests import factories as f


def test_every_model_holding_personal_data_is_in_the_register():
    found = {m._meta.label_lower for m in processing.personal_data_models()}
    missing = sorted(found - set(processing.ANNOTATIONS))
    assert not missing, f"Describe these models in monitoring/privacy/processing.py ANNOTATIONS: {missing}"


def test_the_core_personal_data_models_are_detected():
    found = {m._meta.label_lower for m in processing.personal_data_models()}
    assert {"people.student", "people.user", "people.enrolment", "incidents.case", "incidents.participant",
            "incidents.timelineentry", "incidents.evidence", "incidents.letter", "incidents.confidentialnote",
            "incidents.signalstudent", "incidents.publicreport", "monitoring.talkrequest", "people.branch"} <= found
    # Anonymous by design: no student, no code, no time.
    assert "monitoring.response" not in found and "monitoring.accesscode" not in found


def test_every_annotation_names_a_real_model_and_is_filled_in():
    for label, note in processing.ANNOTATIONS.items():
        apps.get_model(label)
        assert all(str(x).strip() for x in (note.purpose, note.data, note.retention)) and note.subjects, label


@pytest.mark.django_db
def test_the_register_page_lists_every_personal_data_model(board):
    board_management = f.make_staff(Role.BOARD_MANAGEMENT, organisation=board.organisation)
    html = Client()
    html.force_login(board_management)
    page = html.get(reverse("monitoring:privacy_register"))
    body = page.content.decode()
    assert page.status_code == 200 and "Verwerkingsregister" in body and "Nog niet beschreven" not in body
    for model in processing.personal_data_models():
        assert model._meta.label_lower in body
    assert "Anoniem door ontwerp" in body and " style=" not in body.split("<main", 1)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("persona, status", [("management", 200), ("coordinator", 404), ("mentor", 404),
                                             ("board_coordinator", 404)])
def test_the_register_is_for_management(board, persona, status):
    client = Client()
    client.force_login(getattr(board, persona))
    assert client.get(reverse("monitoring:privacy_register")).status_code == status
