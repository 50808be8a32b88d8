"""The branch dashboard's results, computed and rendered once per data version.

Why: the results part of the branch dashboard (response per class, aspects, standouts,
charts, the tables per department, leerjaar, class and gender) was about 90 % of the
page's CPU (bench/staff_pages.py --profile, issue 16), and it changes only when its data
does. The counts change only when a round is released (monitoring.release: never while
students fill in), the rest when a round, its classes or a department is edited.

So the rendered HTML is kept in the cache (Redis in production, ``CACHE_URL``) under a key
of the organisation, branch, round, language and the organisation's *results version*.
The version is a random token, replaced by every write that changes what a dashboard
shows: ``round_release`` and ``codes_issue`` (bulk writes, no model signals) call
``bump_results_version``; saving or deleting a round, a round class, a department, a
class or a count row does so through the model signals connected in ``MonitoringConfig.ready()``. An old version's entries are
never read again and expire. A version that drops out of the cache is simply replaced
by a new token, so nothing stale can come back.

What the fragment does not depend on: the user. Who may see the branch's dashboard is
checked before the cache is read (``results.get_dashboard_branch_for_user``), and every
such user sees the same figures; the parts that differ per user (the links for those who
may enter external results, the round picker, "results pending") stay outside it.

``RESULTS_TTL`` is a backstop for writes that send no signal and do not bump (a bulk
import that re-grades classes changes a past round's leerjaar rows): they show after at
most that long.
"""
from __future__ import annotations

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

RESULTS_TTL = 60 * 60
_VERSION_KEY = "pz:monitoring:results-version:{org}"
_FRAGMENT_KEY = "pz:monitoring:branch-results:{org}:{branch}:{survey}:{lang}:{version}:{fingerprint}"


def results_version(organisation_id) -> str:
    """The organisation's current results version (a token; made on first use)."""
    key = _VERSION_KEY.format(org=organisation_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)  # add: two first readers agree on one token
        version = cache.get(key) or ""
    return version


def bump_results_version(organisation_id) -> None:
    """Forget every cached dashboard result of the organisation.

    Now (a read later in this transaction sees the change) and again when the transaction
    commits: a request that read the old data while this transaction ran may have stored
    it under the version of the moment, and must not be served after the commit."""
    key = _VERSION_KEY.format(org=organisation_id)

    def bump() -> None:
        cache.set(key, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def _fingerprint(survey, branch) -> str:
    """The round's own fields the fragment shows: a round edited without a signal (an
    ``update()``) still gets new figures."""
    parts = (survey.name, survey.opens_at, survey.closes_at, survey.min_group_size, survey.instrument_key,
             survey.instrument_version, branch.organisation_id)
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def branch_results_html(*, survey, branch, lang: str, render_context) -> SafeString:
    """The rendered results part of the branch dashboard (``monitoring/_branch_results.html``).

    ``render_context()`` computes the template's context; it runs only when the cache has
    no entry for this data version."""
    key = _FRAGMENT_KEY.format(org=survey.organisation_id, branch=branch.pk, survey=survey.pk, lang=lang,
                               version=results_version(survey.organisation_id),
                               fingerprint=_fingerprint(survey, branch))
    html = cache.get(key)
    if html is None:
        html = render_to_string("monitoring/_branch_results.html", render_context())
        cache.set(key, html, RESULTS_TTL)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def connect_invalidation() -> None:
    """Bump the results version when a round, round class, department, class or count
    row is saved or deleted (called from ``MonitoringConfig.ready()``)."""
    from django.db.models.signals import post_delete, post_save

    from people.models import Department, SchoolClass

    from .models import RespondentCount, ResultCount, RoundClass, SurveyRound

    # The counts: a release writes them in bulk and bumps itself; these catch a single
    # row saved outside it (the demo data, tests).
    for model in (SurveyRound, RoundClass, Department, SchoolClass, RespondentCount, ResultCount):
        for signal in (post_save, post_delete):
            signal.connect(_on_write, sender=model, dispatch_uid=f"results_cache:{model.__name__}")


def _on_write(sender, instance, **kwargs) -> None:
    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is not None:
        bump_results_version(organisation_id)
