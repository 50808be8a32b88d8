"""What the results pages read: sums, published figures, groups, rows, a branch's results."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from people.models import Branch

from ..instrument.schema import Direction, Instrument
from ..models import SurveyRound
from ..suppression import suppressed_label

STANDOUT_MEAN = 0.5
#: A difference in the share of answers >= 3 of at least this much (10 points) too.
STANDOUT_SHARE = 0.10
#: How many rounds the trend chart shows at most (the newest).
TREND_ROUNDS = 8

#: Genders as stored; "" (skipped) is counted with "zeg ik liever niet".
GENDER_GROUPS = (
    ("boy", ("boy",)),
    ("girl", ("girl",)),
    ("other", ("other",)),
    ("not_said", ("prefer_not_to_say", "")),
)
NO_DEPARTMENT = "none"


# --- figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sums:
    """What the database sums for a group and an item (or section): never answers."""

    n: int = 0
    total: int = 0
    high: int = 0
    #: Answers per value 0..5 (empty when not loaded; see ResultCount.OPTION_FIELDS).
    options: tuple[int, ...] = ()

    def __add__(self, other: Sums) -> Sums:
        if not self.options or not other.options:
            options = self.options or other.options
        else:
            options = tuple(a + b for a, b in zip(self.options, other.options, strict=True))
        return Sums(self.n + other.n, self.total + other.total, self.high + other.high, options)


@dataclass(frozen=True)
class Figures:
    """Published figures of one group for one item or section; all None when hidden."""

    n: int | None = None
    mean: float | None = None
    share_high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None


HIDDEN = Figures()


def figures_of(sums: Sums | None, *, published: bool, respondents: int | None = None) -> Figures:
    """Published figures from sums. ``n`` is the number of respondents: for a section,
    pass the group's respondents (its sums count answers, several per respondent)."""
    if not published or sums is None or sums.n == 0:
        return HIDDEN
    return Figures(n=respondents if respondents is not None else sums.n, mean=sums.total / sums.n,
                   share_high=sums.high / sums.n)


@dataclass(frozen=True)
class SectionInfo:
    key: str
    number: int
    lead: str
    direction: Direction
    item_keys: tuple[str, ...]

    @property
    def higher_is_safer(self) -> bool:
        return self.direction is Direction.HIGHER_IS_SAFER


def sections_of(instrument: Instrument, lang: str = "nl") -> list[SectionInfo]:
    return [
        SectionInfo(s.key, s.number, s.lead(lang), s.direction, tuple(i.key for i in s.items))
        for s in instrument.sections
    ]


def sums_by_section(per_item: Mapping[str, Sums], sections: Iterable[SectionInfo]) -> dict[str, Sums]:
    out = {}
    for section in sections:
        total = Sums()
        for key in section.item_keys:
            total = total + per_item.get(key, Sums())
        out[section.key] = total
    return out


@dataclass
class Group:
    """One group of a breakdown with its published figures (None = hidden, "< K")."""

    key: str
    label: str
    respondents: int | None  # published respondents, None when hidden
    sections: dict[str, Figures] = field(default_factory=dict)
    invited: int | None = None  # codes issued (classes and branches)
    rate: float | None = None  # respondents / invited, when both are shown
    ref: int | None = None  # the branch's or class's id, for links

    @property
    def suppressed(self) -> bool:
        return self.respondents is None


@dataclass(frozen=True)
class Comparison:
    """One item or section that stands out against another figure."""

    key: str
    label: str
    section: SectionInfo
    against: str  # "previous" or "organisation"
    figures: Figures
    other: Figures
    delta_mean: float
    delta_share: float
    worse: bool


@dataclass(frozen=True)
class ItemRow:
    section: SectionInfo
    key: str
    text: str
    figures: Figures
    previous: Figures
    organisation: Figures


@dataclass(frozen=True)
class SectionRow:
    section: SectionInfo
    figures: Figures
    previous: Figures
    organisation: Figures


@dataclass(frozen=True)
class Trend:
    rounds: tuple[SurveyRound, ...]
    #: section key -> one mean per round (None where the branch was below K)
    means: Mapping[str, tuple[float | None, ...]]
    respondents: tuple[int | None, ...]


@dataclass
class BranchResults:
    """Everything the branch dashboard, the API and the export show for one round."""

    survey: SurveyRound
    branch: Branch
    k: int
    instrument: Instrument
    sections: list[SectionInfo]
    total: Group
    classes: list[Group]
    departments: list[Group]
    genders: list[Group]
    #: Per leerjaar (a class's grade; classes without one form their own group).
    grades: list[Group] = field(default_factory=list)
    #: Per onderwijssoort (monitoring.tracks), and per leerjaar × onderwijssoort
    #: (keys "cell:<grade>|<track>"): the inspectorate's breakdown, in the same grid.
    tracks: list[Group] = field(default_factory=list)
    cells: list[Group] = field(default_factory=list)
    section_rows: list[SectionRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    previous_round: SurveyRound | None = None
    organisation_published: bool = False
    standouts: list[Comparison] = field(default_factory=list)
    trend: Trend | None = None
    #: The branch's raw per-item sums: for building the published figures only.
    _item_sums: dict[str, Sums] = field(default_factory=dict, repr=False)
    #: Every group's raw per-item sums by group key ("class:…", "dept:…", "grade:…",
    #: "gender:…", "branch"): for published figures of groups that are not hidden only.
    _group_sums: dict[str, dict[str, Sums]] = field(default_factory=dict, repr=False)

    @property
    def suppressed_label(self) -> str:
        return suppressed_label(self.k)
