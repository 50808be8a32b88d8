"""The two organisations of tests/walls/world.py, built once per module.

The world is written inside one outer transaction that is rolled back at the end of the
module; every test runs inside it (pytest-django's per-test transaction becomes a
savepoint), so tests may write without disturbing each other.
"""
from __future__ import annotations

import pytest
from django.db import transaction
from django.test.utils import override_settings

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("walls-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
