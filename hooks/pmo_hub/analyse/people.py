"""The people named in the portfolio data, what each of them holds, and names that seem to be
one person written two ways.

A person is a name as written (surrounding whitespace trimmed): a programme's ``director``, a
project's ``sponsor`` and ``manager``, the ``owner`` of a risk, an issue or a benefit, and the
``decided_by`` of a decision or a change when it is not a role id of ``roles.yaml`` (a role is
no person). :func:`people_of` builds the index in one pass over the projects, so a portfolio of
thousands of projects costs one pass, not one per person; each person gets a slug, the folder
of their page, unique in the portfolio.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from pmo_hub.model import Benefit, Decision, Portfolio, Programme, Project
from pmo_hub.model.common import IDENTIFIER_PATTERN
from pmo_hub.model.project import Change, Issue, OpenClosed, Risk

# Slugs are path segments: what project ids may be, within their 64 characters with room for
# a "-NN" suffix, so that a name of any length or script gives a folder every server serves.
_SAFE_SEGMENT = re.compile(IDENTIFIER_PATTERN)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 56
FALLBACK_SLUG = "person"  # a name with no ASCII letter or digit at all (一郎, "***")


def clean_name(value: str | None) -> str | None:
    """The name as matched: trimmed of surrounding whitespace; None when nothing is left."""
    if value is None:
        return None
    return value.strip() or None


def fold_accents(text: str) -> str:
    """``Zoë Ólafsdóttir`` → ``Zoe Olafsdottir``: the base letters, marks dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def slug_of(name: str) -> str:
    """The base slug of a name: lowercase ASCII, accents folded, other runs of characters "-"."""
    ascii_text = fold_accents(name).lower().encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")[:SLUG_LENGTH].rstrip("-")
    return slug or FALLBACK_SLUG


def assign_slugs(names: Iterable[str]) -> dict[str, str]:
    """Name → unique slug. Names sharing a base slug take it in sorted-name order, the second
    ``-2``, the third ``-3``, skipping any slug another name has as its own base slug."""
    ordered = sorted(set(names))
    base = {name: slug_of(name) for name in ordered}
    taken = set(base.values())
    slugs: dict[str, str] = {}
    suffix: dict[str, int] = {}  # base slug → the last number given (1: the base slug itself)
    for name in ordered:
        slug = base[name]
        if slug in suffix:
            number = suffix[slug] + 1
            while f"{slug}-{number}" in taken:
                number += 1
            suffix[slug] = number
            slug = f"{slug}-{number}"
            taken.add(slug)
        else:
            suffix[slug] = 1
        if not _SAFE_SEGMENT.fullmatch(slug):  # by construction never; checked as project ids are
            raise ValueError(f"person slug {slug!r} of {name!r} is not a safe path segment")
        slugs[name] = slug
    return slugs


def decider_name(decided_by: str | None, role_ids: frozenset[str]) -> str | None:
    """The person's name in a ``decided_by``; None for a role id: a role is no person."""
    name = clean_name(decided_by)
    return None if name is None or name in role_ids else name


def names_in(project: Project, role_ids: frozenset[str]) -> set[str]:
    """Every person the project names (an edit of it changes these people's pages)."""
    names = {project.sponsor, project.manager}
    for owned in (project.risks, project.issues, project.benefits):
        names.update(item.owner for item in owned)
    found = {name for name in map(clean_name, names) if name is not None}
    for decided in (project.decisions, project.changes):
        found.update(name for item in decided if (name := decider_name(item.decided_by, role_ids)) is not None)
    return found


@dataclass
class Person:
    """One name and everything the data says that name holds, each with its project."""

    name: str
    slug: str
    directs: list[Programme] = field(default_factory=list)
    sponsors: list[Project] = field(default_factory=list)
    manages: list[Project] = field(default_factory=list)
    risks: list[tuple[Project, Risk]] = field(default_factory=list)
    issues: list[tuple[Project, Issue]] = field(default_factory=list)
    benefits: list[tuple[Project, Benefit]] = field(default_factory=list)
    decisions: list[tuple[Project, Decision]] = field(default_factory=list)
    changes: list[tuple[Project, Change]] = field(default_factory=list)  # change requests they decided

    @property
    def open_risks(self) -> list[tuple[Project, Risk]]:
        """Highest score first, then by project and risk id."""
        found = [(p, r) for p, r in self.risks if r.status is OpenClosed.open]
        return sorted(found, key=lambda pair: (-pair[1].score, pair[0].id, pair[1].id))

    @property
    def closed_risks(self) -> list[tuple[Project, Risk]]:
        return [(p, r) for p, r in self.risks if r.status is not OpenClosed.open]

    @property
    def open_issues(self) -> list[tuple[Project, Issue]]:
        """Most severe first, then by project and issue id."""
        found = [(p, i) for p, i in self.issues if i.status is OpenClosed.open]
        return sorted(found, key=lambda pair: (-pair[1].severity.order, pair[0].id, pair[1].id))

    @property
    def closed_issues(self) -> list[tuple[Project, Issue]]:
        return [(p, i) for p, i in self.issues if i.status is not OpenClosed.open]

    @property
    def decided(self) -> int:
        """Decisions and change requests they decided."""
        return len(self.decisions) + len(self.changes)

    @property
    def project_ids(self) -> list[str]:
        """Every project that names them, sorted."""
        found = {p.id for p in self.sponsors} | {p.id for p in self.manages}
        for pairs in (self.risks, self.issues, self.benefits, self.decisions, self.changes):
            found.update(p.id for p, _ in pairs)
        return sorted(found)

    def holds(self) -> list[tuple[int, str]]:
        """(how many, of what) for each kind of thing they hold, in the order their page lists
        them; kinds they hold none of are left out (every person holds at least one)."""
        counts = [
            (len(self.directs), "programme directed", "programmes directed"),
            (len(self.sponsors), "project sponsored", "projects sponsored"),
            (len(self.manages), "project managed", "projects managed"),
            (len(self.open_risks), "open risk", "open risks"),
            (len(self.open_issues), "open issue", "open issues"),
            (len(self.benefits), "benefit", "benefits"),
            (self.decided, "decision", "decisions"),
            (len(self.closed_risks), "closed risk", "closed risks"),
            (len(self.closed_issues), "closed issue", "closed issues"),
        ]
        return [(count, one if count == 1 else many) for count, one, many in counts if count]

    @property
    def summary(self) -> str:
        """``3 projects sponsored, 1 open risk``: what they hold, in words."""
        return ", ".join(f"{count} {what}" for count, what in self.holds())


@dataclass(frozen=True)
class People:
    """Everyone the portfolio names, by name; build with :func:`people_of`."""

    everyone: tuple[Person, ...]  # sorted by name
    by_name: Mapping[str, Person]
    by_slug: Mapping[str, Person]
    role_ids: frozenset[str]

    @property
    def slugs(self) -> dict[str, str]:
        """Name → slug: two portfolios with the same have the same person pages at the same paths."""
        return {person.name: person.slug for person in self.everyone}

    def get(self, name: str | None) -> Person | None:
        """The person of a name as written in the data (None: no name, or not a person's)."""
        cleaned = clean_name(name)
        return self.by_name.get(cleaned) if cleaned is not None else None

    def decider(self, decided_by: str | None) -> Person | None:
        """The person of a ``decided_by``; None for a role id (or no name)."""
        name = decider_name(decided_by, self.role_ids)
        return self.by_name.get(name) if name is not None else None


def build_people(portfolio: Portfolio) -> People:
    """One pass over the programmes and projects."""
    role_ids = frozenset(role.id for role in portfolio.roles)
    found: dict[str, Person] = {}

    def person(name: str) -> Person:
        entry = found.get(name)
        if entry is None:
            entry = found[name] = Person(name, "")
        return entry

    for programme in portfolio.settings.programmes:
        if name := clean_name(programme.director):
            person(name).directs.append(programme)
    for project in portfolio.projects:
        if name := clean_name(project.sponsor):
            person(name).sponsors.append(project)
        if name := clean_name(project.manager):
            person(name).manages.append(project)
        for risk in project.risks:
            if name := clean_name(risk.owner):
                person(name).risks.append((project, risk))
        for issue in project.issues:
            if name := clean_name(issue.owner):
                person(name).issues.append((project, issue))
        for benefit in project.benefits:
            if name := clean_name(benefit.owner):
                person(name).benefits.append((project, benefit))
        for decision in project.decisions:
            if name := decider_name(decision.decided_by, role_ids):
                person(name).decisions.append((project, decision))
        for change in project.changes:
            if name := decider_name(change.decided_by, role_ids):
                person(name).changes.append((project, change))
    slugs = assign_slugs(found)
    for name, entry in found.items():
        entry.slug = slugs[name]
    everyone = tuple(sorted(found.values(), key=lambda p: p.name))
    return People(everyone, {p.name: p for p in everyone}, {p.slug: p for p in everyone}, role_ids)


# The last portfolios' people, by identity: the pages, the views, the data-quality check and
# `mkdocs serve`'s comparison of the last build with this one each ask; one pass serves them all.
_CACHE_SIZE = 2
_cache: list[tuple[Portfolio, People]] = []


def people_of(portfolio: Portfolio) -> People:
    """The people of ``portfolio`` (computed once per portfolio object)."""
    for cached, people in _cache:
        if cached is portfolio:
            return people
    people = build_people(portfolio)
    _cache.insert(0, (portfolio, people))
    del _cache[_CACHE_SIZE:]
    return people


# -- one person written two ways? (the data-quality page) --------------------------------------

SAME_PERSON_RULE = (
    "Names are matched exactly as written, so one person written two ways gets two pages. Two "
    "names are listed here when they are equal once letter case, accents, punctuation, extra spaces "
    "and a leading title (Dr, Mr, Mrs, Ms, Miss, Mx, Prof, Sir) are left out; when one gives initials "
    "where the other gives first names (“S. Adeyemi” and “Sam Adeyemi”); or when one puts the surname "
    "first (“Adeyemi, Sam”, or two names swapped: “Adeyemi Sam”). Choose one form and use it in every "
    "file; two different people who only look alike can stay as they are."
)
SAME_LETTERS = "the same letters: case, accents, punctuation, spaces or title differ"
INITIALS = "initials for first names"
SURNAME_FIRST = "surname first"

_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir"})
_PUNCTUATION = re.compile(r"[^\w\s]|_")


@dataclass(frozen=True)
class SamePerson:
    """Two names that seem to be one person; ``first`` sorts before ``second``."""

    first: Person
    second: Person
    why: str  # SAME_LETTERS, INITIALS or SURNAME_FIRST


@dataclass(frozen=True)
class _Form:
    words: tuple[str, ...]  # given names then surname: folded, without punctuation or title
    surname_first: bool  # written "Surname, Given"


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", fold_accents(text).casefold()).split()


def _form(name: str) -> _Form:
    surname, comma, given = name.partition(",")
    turned = bool(comma and _words(surname) and _words(given))
    words = _words(given) + _words(surname) if turned else _words(name)
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return _Form(tuple(words), turned)


def _initials_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``short``'s given names are initials of ``full``'s first given names (S. J. / Sam John)."""
    given, other = short[:-1], full[:-1]
    return (
        0 < len(given) <= len(other)
        and all(len(word) == 1 for word in given)
        and any(len(word) > 1 for word in other)
        and all(word == whole[0] for word, whole in zip(given, other, strict=False))
    )


def _why(a: _Form, b: _Form) -> str | None:
    """Why ``a`` and ``b`` seem one person (SAME_PERSON_RULE), or None."""
    if a.words == b.words:
        return SURNAME_FIRST if a.surname_first != b.surname_first else SAME_LETTERS
    if len(a.words) == len(b.words) == 2 and a.words == b.words[::-1]:
        return SURNAME_FIRST
    if len(a.words) >= 2 and len(b.words) >= 2 and a.words[-1] == b.words[-1]:
        if _initials_of(a.words, b.words) or _initials_of(b.words, a.words):
            return INITIALS
    return None


def same_person_pairs(people: People) -> list[SamePerson]:
    """Pairs of names that seem one person, by name."""
    names = tuple(person.name for person in people.everyone)
    return [SamePerson(people.by_name[a], people.by_name[b], why) for a, b, why in _pairs_of(names)]


@lru_cache(maxsize=1)  # `mkdocs serve`: an edit rarely changes who is named
def _pairs_of(names: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(first, second, why) of sorted ``names``. Only names sharing a first or last word are
    compared (what every rule needs), so the cost grows with those groups, not with the square
    of everyone."""
    forms = {name: _form(name) for name in names}
    groups: dict[str, list[str]] = {}
    for name in names:
        words = forms[name].words
        for word in {words[0], words[-1]} if words else ():
            groups.setdefault(word, []).append(name)
    found: dict[tuple[str, str], str] = {}
    for group in groups.values():
        for first, second in itertools.combinations(group, 2):  # names are sorted: first < second
            if (first, second) not in found and (why := _why(forms[first], forms[second])) is not None:
                found[first, second] = why
    return tuple((first, second, found[first, second]) for first, second in sorted(found))
