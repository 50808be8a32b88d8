"""Run a management command as the database owner instead of the application role."""
from __future__ import annotations

from contextlib import contextmanager

from django.db import connections

from . import rls


@contextmanager
def as_owner():
    previous = rls.owner_mode
    rls.owner_mode = True
    for conn in connections.all(initialized_only=True):
        rls.reset_to_owner(conn)
    try:
        yield
    finally:
        rls.owner_mode = previous
        if not previous:
            for conn in connections.all(initialized_only=True):
                if conn.vendor == "postgresql" and conn.connection is not None:
                    rls.assume_app_role(conn)
