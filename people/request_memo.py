"""Values computed once per request (people.middleware.TenantMiddleware opens and closes it).

For reads that several parts of one page repeat with the same arguments — the school
calendar of a branch, the header's counts — and that may be a few hundred milliseconds
stale at most: the memo lives exactly as long as the request's transaction. Outside a
request (Celery tasks, commands, tests calling services) nothing is kept and every call
computes afresh. A write that changes a memoised value calls ``forget(prefix)``.
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_memo", default=None)


@contextmanager
def request_scope():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoised(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per request for ``key`` (its first element names the kind of value)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value


def forget(kind: Hashable) -> None:
    """Drop this request's memoised values of one kind (after a write that changes them)."""
    memo = _memo.get()
    if memo:
        for key in [k for k in memo if k[0] == kind]:
            del memo[key]
