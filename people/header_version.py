"""The organisation's header version: cached header counts are valid while it stands.

people.notification_context keeps each user's menu counts and unread count in the cache
under this token; every write that can change a count replaces it (see there).
"""
from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

_VERSION_KEY = "pz:header-version:{org}"


def header_version(organisation_id) -> str:
    """The organisation's header version (a token; made on first use)."""
    key = _VERSION_KEY.format(org=organisation_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)  # add: two first readers agree on one token
        version = cache.get(key) or ""
    return version


def bump_header_version(organisation_id) -> None:
    """Forget every cached header count of the organisation: call after a write that can
    change one. Now, and again on commit (a request that read the old rows meanwhile may
    have stored them under the version of the moment)."""
    if organisation_id is None:
        return
    key = _VERSION_KEY.format(org=organisation_id)

    def bump() -> None:
        cache.set(key, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def bump_on_write(sender, instance, **kwargs) -> None:
    """A model signal receiver: bump the version of the saved or deleted row's organisation."""
    bump_header_version(getattr(instance, "organisation_id", None))


def connect(*models) -> None:
    """Bump on every save and delete of these models (called from an app's ``ready()``).

    For small tables only: a ``post_delete`` receiver makes Django load each deleted row
    of a bulk delete to send the signal."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        post_save.connect(bump_on_write, sender=model, dispatch_uid=f"header_version:save:{model._meta.label}")
        post_delete.connect(bump_on_write, sender=model, dispatch_uid=f"header_version:delete:{model._meta.label}")


def connect_saves(*models) -> None:
    """Bump on every save of these models (bulk deletes bump where they are made)."""
    from django.db.models.signals import post_save

    for model in models:
        post_save.connect(bump_on_write, sender=model, dispatch_uid=f"header_version:save:{model._meta.label}")
