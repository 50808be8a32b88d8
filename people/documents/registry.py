"""Which app renders which kind of document, and who may still fetch it.

``people`` is the lowest layer: it cannot import incidents or monitoring. So each app
registers its kinds in its ``AppConfig.ready()``; the one task looks the kind up here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import DocumentJob


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str


class DocumentRefused(Exception):
    """The renderer refuses with a message for the user (plain Dutch), e.g. the letter was
    already sent or the user's right was withdrawn meanwhile. Shown on the job page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DocumentKind:
    #: Unique name, stored in DocumentJob.kind.
    name: str
    #: Renders the job's document as its requester; runs in the worker, in one
    #: transaction as the organisation (what it writes is undone if rendering fails),
    #: never in a web request.
    render: Callable[[DocumentJob], Rendered]
    #: The original access rule, checked again on the job page, the download and the
    #: retry: raise Http404 / PermissionDenied / DoesNotExist when the user may no longer
    #: see what the document shows (their right was withdrawn since they asked).
    check: Callable[[object, DocumentJob], None]
    #: Where the job page's "back" link goes (the case, the letter, the round …).
    back_url: Callable[[DocumentJob], str]
    #: What the job page says once the document is made (e.g. that the letter was sent).
    done_text: str | Promise = ""


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise RuntimeError(f"document kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind


def get(name: str) -> DocumentKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"no renderer registered for document kind {name!r}") from None


def names() -> list[str]:
    return sorted(_KINDS)
