"""Onderwijssoort (track) of a department, for the inspectorate's breakdown per track.

The product has no separate track field: a board names its departments after the track
("havo", "vmbo-kader", "Gymnasium") or after a part of the school ("onderbouw"). This reads
the track from the name; a department whose name names no track is "overig".
"""
from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

OTHER = "overig"

#: Track key -> (label, words in a department's name that mean it), most specific first.
TRACKS: tuple[tuple[str, object, tuple[str, ...]], ...] = (
    ("pro", _("praktijkonderwijs"), ("praktijkonderwijs", "pro")),
    ("vmbo", _("vmbo"), ("vmbo", "basis", "kader", "bb", "kb", "gl", "tl", "lwoo")),
    ("mavo", _("mavo"), ("mavo",)),
    ("havo", _("havo"), ("havo",)),
    ("vwo", _("vwo"), ("vwo", "atheneum", "gymnasium", "tvwo")),
    (OTHER, _("overig"), ()),
)
TRACK_KEYS = tuple(key for key, _label, _words in TRACKS)


def track_of(department_name: str | None) -> str:
    """The track a department's name names ("Havo bovenbouw" -> "havo"), else "overig"."""
    words = set(re.split(r"[^a-z]+", (department_name or "").casefold()))
    for key, _label, names in TRACKS:
        if words & set(names):
            return key
    return OTHER


def track_label(key: str) -> str:
    for track, label, _words in TRACKS:
        if track == key:
            return str(label)
    return str(key)
