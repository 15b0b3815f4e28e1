"""The walk itself: steps done one after another, each followed by a crawl of every page as
everyone, and what each crawl saw."""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.test import Client

from tests.leakwalk.actions import Refused, participants
from tests.leakwalk.audience import TEAM_RECORD, Who, organisation
from tests.leakwalk.crawl import PICTURE_PAGES, Page, changed, fingerprints, pages
from tests.leakwalk.world import DISTRICTS, World
from tests.matrix import oversees
from wijkteam.core.errors import DomainError
from wijkteam.wijkbeeld.exports import XLSX_TYPE


@dataclass(frozen=True)
class Step:
    """One thing a user (or the system) does: ``do(world, actor)`` does it through a page or a
    service and books the secrets it writes. ``shares``: an explicit sharing decision (the lead
    agreed or decided, a partner involved), after which the lead and involved partners a case
    gained join the audience of its secrets. ``may_be_refused``: the application may rightly
    refuse it (once a leak it relies on is fixed); the walk then goes on without it."""

    name: str
    actor: str
    do: Callable[[World, str], None]
    shares: bool = False
    may_be_refused: bool = False


@dataclass(frozen=True)
class Sighting:
    """A marker that reached someone outside its audience: after which step, who, where, and
    the secrets that hold it. ``every_wijk``: the kinds of those secrets whose audience would
    take them in if an organisation's seat were its members in every wijk (the known gap)."""

    step: str
    who: str
    url: str
    marker: str
    secrets: tuple[str, ...]
    every_wijk: frozenset[str]

    def __str__(self) -> str:
        return (
            f"after «{self.step}»: {self.who} sees {self.marker!r} "
            f"({'; '.join(self.secrets)}) on {self.url}"
        )


@dataclass
class Outcome:
    sightings: list[Sighting] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # markers shown to someone allowed
    seen_on: dict[str, set[str]] = field(default_factory=dict)  # per marker: those URLs
    requests: int = 0


class FastClient(Client):
    """The test client without its record of the templates and contexts of every response:
    the crawl reads only what a browser would get."""

    def request(self, **request):
        response = self.handler(self._base_environ(**request))
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


def body_of(response) -> str:
    """What the visitor receives: the body (a streamed file read to its end, which closes it)
    and the name a download is offered under."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "") == XLSX_TYPE:  # zipped XML: read inside
        with zipfile.ZipFile(BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode(errors="replace") + response.get("Content-Disposition", "")


class Crawler:
    """Crawls the world after each step, remembering what it needs to ask less next time."""

    def __init__(self, world: World, *, picture: bool = False):
        self.world = world
        self.refused: set[tuple[str, str]] = set()  # (who, gate) of standing pages refused
        self.prints: dict | None = None
        self.picture = picture  # crawls the wijk's picture too (crawl.PICTURE_PAGES)

    def fork(self, world: World, *, picture: bool = False) -> "Crawler":
        """A crawler for a walk that starts where this one's last crawl was."""
        crawler = Crawler(world, picture=picture)
        crawler.refused = set(self.refused)
        crawler.prints = self.prints
        return crawler

    def everyone(self) -> list[Who]:
        holders = [Who(f"volglink-{name}", holds=name) for name in self.world.state.holders]
        return [*self.world.who, *holders]

    def each_step(self) -> list[Who]:
        return [who for who in self.everyone() if who.each_step]

    def crawl(self, step: str, outcome: Outcome, who: list[Who], *, since=None) -> None:
        """Ask every page of ``who`` that can have changed since the last crawl (or since the
        fingerprints ``since``; ``"ever"``: every page), and search each answer for every
        marker."""
        after = fingerprints()
        base = self.prints if since is None else since
        fresh = None if base is None or base == "ever" else changed(base, after)
        if since is None:
            self.prints = after
        secrets = self.world.state.secrets.by_marker()
        taking_part = self._taking_part()
        listed = pages(self.world)
        for person in who:
            client = FastClient()
            if person.visitor is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = self.world.sessions[person.key]
            for page in listed:
                if not self._asks(person, page, fresh):
                    continue
                response = client.get(page.url)
                outcome.requests += 1
                if response.status_code >= 500:
                    outcome.errors.append(f"after «{step}»: {page.url} as {person.key}")
                if page.standing and response.status_code != 200:
                    self.refused.add((person.key, page.gate))
                body = body_of(response)
                if response.status_code == 200:
                    body += page.serves
                Found(step, person, page.url, taking_part).search(body, secrets, outcome)

    def _taking_part(self) -> dict[str, set[str]]:
        """Per case and per signal of the walk: the organisations taking part in its case now."""
        state = self.world.state
        cases = {name: participants(self.world.case(name)) for name in state.cases}
        signals = {name: cases[self.world.case_of(name)] for name in state.signals}
        return {**{f"case:{k}": v for k, v in cases.items()}, **signals}

    def _asks(self, who: Who, page: Page, fresh) -> bool:
        if page.key in PICTURE_PAGES and not self.picture:
            return False
        if (page.holder is not None) != (who.holds is not None):
            return False  # tracking pages are for their holders; everything else for staff
        if page.holder is not None and page.holder != who.holds:
            return False
        if page.standing and (who.key, page.gate) in self.refused:
            return False
        if page.record is None or fresh is None:
            return True
        kind, whose = page.record
        if whose is not None:
            return page.record in fresh
        if kind == "teams":  # the cases of one's wijkteams (a coordinator's: all)
            codes = [
                c
                for name, c in DISTRICTS.items()
                if oversees(who.visitor) or who.visitor.team == name
            ]
            return any(("team", code) in fresh for code in codes)
        user = self.world.users[who.key]
        return (kind, user.pk if kind == "user" else user.organisation_id) in fresh


@dataclass
class Found:
    """Searching one answer: each marker in it either reaches someone in its audience, or is a
    sighting."""

    step: str
    who: Who
    url: str
    taking_part: dict[str, set[str]]

    def search(self, body: str, secrets: dict, outcome: Outcome) -> None:
        for marker, holding in secrets.items():
            if marker not in body:
                continue
            if any(secret.admits(self.who) for secret in holding):
                outcome.seen.add(marker)
                outcome.seen_on.setdefault(marker, set()).add(self.url)
                continue
            wider = frozenset(s.kind for s in holding if self._every_wijk(s))
            whats = tuple(secret.what for secret in holding)
            outcome.sightings.append(
                Sighting(self.step, self.who.key, self.url, marker, whats, wider)
            )

    def _every_wijk(self, secret) -> bool:
        """Whether the secret would reach ``who`` if an organisation counted in every wijk:
        its seats read so, and for a team record also the organisations taking part in its
        case now (in its own wijk they are in the team anyway)."""
        if secret.admits(self.who, every_wijk=True):
            return True
        if secret.kind != TEAM_RECORD or not self.who.staff:
            return False
        owner = f"case:{secret.case}" if secret.case else secret.signal
        return self.who.visitor.kind in self.taking_part.get(owner, set())


def _leads(world: World) -> dict[str, set[str]]:
    """Per case of the walk: the organisations that lead it or are involved (facts)."""
    found = {}
    for name in world.state.cases:
        case = world.case(name)
        lead = {case.lead.kind} if case.lead is not None else set()
        found[name] = {o.kind for o in case.involved.all()} | lead
    return found


def _share(world: World, before: dict[str, set[str]]) -> None:
    """After a sharing decision: each case's new lead and involved partners (their members in
    its wijkteam) join the audience of its secrets and of its signals' details."""
    for name, kinds in _leads(world).items():
        gained = kinds - before.get(name, set())
        if not gained:
            continue
        wijk = world.team_of(world.case(name).district.code)
        world.state.secrets.widen(
            {organisation(kind, wijk) for kind in gained},
            case=name,
            signals=world.signals_in(name),
        )


@dataclass(frozen=True)
class Walk:
    """A walk from the world as built: its steps, and from which of them on a crawl follows
    each (``watched_from``; the steps before it are done unwatched, and the first crawl asks
    every page they changed too). A long walk is watched in parts, each by a test module of its
    own, so that the suite's workers share it. ``ends``: after the last step the roles not
    crawled each step are crawled too, over all that changed during the walk (``all_at_end``:
    over everything). ``picture``: the wijk's picture's pages are crawled too."""

    steps: list[Step]
    watched_from: int = 0
    ends: bool = True
    all_at_end: bool = False
    picture: bool = False


def run(world: World, walk: Walk, outcome: Outcome, crawler: Crawler | None = None) -> None:
    """Do the walk's steps one after another, each followed by the crawls the walk asks for.
    Without a crawler: the setup."""
    steps = walk.steps
    start = crawler.prints if crawler is not None else None
    for number, step in enumerate(steps):
        before = _leads(world) if step.shares else None
        try:
            step.do(world, step.actor)
        except (Refused, DomainError) as refusal:
            if not step.may_be_refused:
                raise AssertionError(
                    f"«{step.name}» as {step.actor} was refused: {refusal}"
                ) from refusal
            outcome.refused.append(f"«{step.name}»: {refusal}")
        if before is not None:
            _share(world, before)
        if crawler is not None and number >= walk.watched_from:
            crawler.crawl(step.name, outcome, crawler.each_step())
    if crawler is not None and steps and walk.ends:
        others = [who for who in crawler.everyone() if not who.each_step]
        since = "ever" if walk.all_at_end else start
        crawler.crawl(f"{steps[-1].name} (en de andere rollen)", outcome, others, since=since)
