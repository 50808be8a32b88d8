"""Which organisation the current unit of work belongs to.

A request (people.middleware and, for the API, people.api_auth), a Celery task and a
management command (``as_organisation`` / ``tenant_context``) each *activate* one organisation. Activation does two things:

1. it records the organisation in a context variable, for code that wants to know it;
2. on PostgreSQL it sets ``app.organisation_id`` with ``set_config(…, true)`` — local to the
   current transaction, so a pooled connection never carries it over to the next unit of
   work. Row-level security policies (people.rls) compare every tenant row against it.

Activation therefore only has effect inside a transaction; ``tenant_context`` opens one.
"""
from __future__ import annotations

import contextvars
import functools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

SETTING_NAME = "app.organisation_id"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("organisation_id", default=None)


def _as_id(organisation) -> str | None:
    if organisation is None:
        return None
    value = getattr(organisation, "pk", organisation)
    return str(uuid.UUID(str(value)))


def current_organisation_id() -> str | None:
    return _current.get()


def activate(organisation) -> None:
    """Make ``organisation`` (an Organisation, its id, or None) the current tenant."""
    org_id = _as_id(organisation)
    _current.set(org_id)
    if connection.vendor == "postgresql":
        if not connection.in_atomic_block:
            raise RuntimeError("Activate an organisation inside a transaction (set_config is local to it).")
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING_NAME, org_id or ""])


@contextmanager
def tenant_context(organisation) -> Iterator[None]:
    """Run a block as ``organisation`` inside a transaction, then restore the previous tenant."""
    previous = _current.get()
    with transaction.atomic():
        activate(organisation)
        try:
            yield
        finally:
            # Restore while still inside the transaction, so an enclosing block keeps its tenant.
            if connection.vendor != "postgresql" or connection.in_atomic_block:
                activate(previous)
            else:  # pragma: no cover - the atomic block above guarantees we are inside one
                _current.set(previous)


def as_organisation(func):
    """Decorate a Celery task or command step whose first argument is an organisation id:
    it runs in one transaction as that organisation (row-level security applies)."""

    @functools.wraps(func)
    def wrapper(organisation_id, *args, **kwargs):
        with tenant_context(organisation_id):
            return func(organisation_id, *args, **kwargs)

    return wrapper


def organisation_ids() -> list[str]:
    """Every tenant's id, for scans that visit each organisation in turn."""
    from .models import Organisation

    return [str(pk) for pk in Organisation.objects.order_by("pk").values_list("pk", flat=True)]
