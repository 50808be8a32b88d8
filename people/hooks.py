"""The one way a lower app lets higher apps join in: a ``Hook``.

The apps are layered (people <- protocol <- incidents <- monitoring; import-linter keeps
it so): a lower app never imports a higher one. Where a lower app needs something from
above — the menu's entries, the start page's sections, the menu's counts, the checks and
hand-overs of a school-year rollover, the demo board's data — it declares a ``Hook`` and
calls what is in it; each higher app registers its functions in its own
``AppConfig.ready()``, and nowhere else (no registering on import, no Django signals for
this, no settings with dotted paths):

    # people/today.py (the lower app)
    TODAY_PROVIDERS: Hook[Provider] = Hook("today providers")
    ...
    sections = [provider(user, scope, today) for provider in TODAY_PROVIDERS]

    # incidents/apps.py (a higher app)
    def ready(self):
        from people.today import TODAY_PROVIDERS
        from . import today
        TODAY_PROVIDERS.register(today.my_cases_section)

Registering is idempotent (``ready()`` can run more than once in tests) and keeps the
order of registration, which is the order of INSTALLED_APPS and then of the calls.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Hook(Generic[T]):
    """An ordered set of things higher apps register (functions, menu entries)."""

    def __init__(self, name: str, *, key: Callable[[T], Hashable] | None = None) -> None:
        self.name = name
        self._key = key or (lambda item: item)  # type: ignore[assignment,return-value]
        self._items: list[T] = []

    def register(self, item: T) -> T:
        """Add ``item`` once (again with the same key: nothing happens). Returns it."""
        key = self._key(item)
        if all(self._key(present) != key for present in self._items):
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._items)}>"
