"""Keys for jobs: digests of every value a file of the site is made from.

A key starts from the build's base (sitegen's own code, the config, every file of the theme), then
takes the values a page is rendered from. Items are named by the digest of the page they were cut
from (which covers its text, the segmenter and the config that cut it), their place, and the slugs
of the groups they link to; so a key costs a few dictionary lookups, not a hash of the text.
Unknown kinds of value are refused rather than skipped: a key that silently ignored an input would
make an incremental build differ from a clean one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sitegen.config import SiteConfig
from sitegen.model import Group, Issue, Item, Page, Site
from sitegen.sources import IssueInfo
from sitegen.theme import Theme

_PLAIN = frozenset({type(None), bool, int, float, str, dt.date})
_LASTING = frozenset({Item, Page, Issue, Group})


def digest(*chunks: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "little"))
        h.update(chunk)
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """sitegen's own source and data files: a code change must never reuse an old page."""
    root = Path(__file__).resolve().parent
    return files_fingerprint([root], suffixes=(".py", ".json", ".toml"))


def files_fingerprint(folders: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> str:
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
                continue
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.hexdigest()


def config_fingerprint(config: SiteConfig) -> str:
    data = {f.name: getattr(config, f.name) for f in dataclasses.fields(config) if f.name not in ("path", "problems")}
    return digest(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode())


class Fingerprints:
    """Keys of jobs in one build. Memoizes by object identity: the site lives for the whole build."""

    def __init__(self, site: Site, base: str) -> None:
        self.site = site
        self.base = base.encode()
        self._memo: dict[int, bytes] = {}
        self._plain: dict[tuple[type, Any], bytes] = {}
        self._slugs = {
            "column": {g.name: g.slug for g in site.columns},
            "region": {g.name: g.slug for g in site.regions},
            "author": {g.name: g.slug for g in site.authors},
            "county": {(g.name, c.name): c.slug for g in site.regions for c in g.children},
        }
        self._pages = {page.source: page.digest for issue in site.issues for page in issue.pages}

    def key(self, *parts: Any) -> str:
        h = hashlib.blake2b(self.base, digest_size=16)
        for part in parts:
            h.update(self.of(part))
        return h.hexdigest()

    def site_digest(self) -> bytes:
        """Everything in the site, for pages whose templates read the `site` global."""
        memo = self._memo.get(id(self.site))
        if memo is None:
            h = hashlib.blake2b(digest_size=16)
            for item in self.site.all_items:
                h.update(self.of(item))
            for issue in self.site.issues:
                h.update(self.of(issue))
            memo = self._memo[id(self.site)] = h.digest()
        return memo

    def of(self, value: Any) -> bytes:
        """16 bytes naming ``value``."""
        kind = type(value)
        if kind in _PLAIN:  # memoized by value: titles, dates and names recur on many pages
            plain = self._plain.get((kind, value))
            if plain is None:
                plain = hashlib.blake2b(f"{kind.__name__}:{value!s}".encode(), digest_size=16).digest()
                self._plain[(kind, value)] = plain
            return plain
        # Memoized by identity only for what the site holds for the whole build: the id of a short-lived
        # value (a tuple made for one page) may be reused by another value later.
        lasting = kind in _LASTING
        if lasting:
            memo = self._memo.get(id(value))
            if memo is not None:
                return memo
        elif isinstance(value, tuple | list | dict):  # the most common values after plain ones: first
            h = hashlib.blake2b(kind.__name__.encode(), digest_size=16)
            if isinstance(value, dict):
                for k in sorted(value, key=str):
                    h.update(self.of(k))
                    h.update(self.of(value[k]))
            else:
                for element in value:
                    h.update(self.of(element))
            return h.digest()
        elif isinstance(value, bool | int | float | str | dt.date):  # subclasses (Markup, datetime)
            return hashlib.blake2b(f"{kind.__name__}:{value!s}".encode(), digest_size=16).digest()
        elif isinstance(value, bytes):
            return hashlib.blake2b(b"bytes:" + value, digest_size=16).digest()
        memo = self._record(value)
        if lasting:
            self._memo[id(value)] = memo
        return memo

    def _record(self, value: Any) -> bytes:
        """The fingerprint of an item, a page, a group or another record."""
        h = hashlib.blake2b(type(value).__name__.encode(), digest_size=16)
        if isinstance(value, Item):
            self._item(h, value)
        elif isinstance(value, Page):
            if value.digest is None:  # its text, its settings: what names it is not known yet
                raise TypeError(f"no fingerprint for a page not yet keyed: {value.source} (segment.pages.key_pages)")
            for part in (
                value.digest,
                value.source,
                value.date,
                value.number,
                value.name,
            ):
                h.update(self.of(part))
        elif isinstance(value, Group):
            h.update(self.of(value.info))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                h.update(self.of(getattr(value, f.name)))
        else:  # a function among them too: its name would not say what it returns; pass that instead
            raise TypeError(f"no fingerprint for {type(value).__name__}: add it to sitegen/fingerprint.py")
        return h.digest()

    def _item(self, h: Any, item: Item) -> None:
        page_digest = self._pages.get(item.source or "")
        if page_digest:  # the page's digest covers everything the item was cut from
            h.update(page_digest.encode())
            for part in (item.seq, item.date, item.page, item.slug):
                h.update(self.of(part))
        else:  # an item not from a page of this site (tests): its own fields
            for f in dataclasses.fields(item):
                h.update(self.of(getattr(item, f.name)))
        slugs = self._slugs
        for name, table, key in (
            ("column", slugs["column"], item.column),
            ("region", slugs["region"], item.region),
            ("county", slugs["county"], (item.region, item.county)),
        ):
            h.update(f"{name}:{table.get(key)}".encode())
        for author in item.authors:
            h.update(f"author:{slugs['author'].get(author)}".encode())


__all__ = ["Fingerprints", "code_fingerprint", "config_fingerprint", "digest", "files_fingerprint"]


def base_key(config: SiteConfig, theme: Theme) -> str:
    """What every job depends on: sitegen's code, the settings, the theme's name. (A page also depends on
    the templates it loads, which its own key covers: see Renderer.template_use.)"""
    return digest(code_fingerprint().encode(), config_fingerprint(config).encode(), theme.name.encode())


def inputs_digest(base: str, theme: Theme, pages: Sequence[Page], issues: Mapping[dt.date, IssueInfo]) -> str:
    """Everything the site is made from: code, settings and templates (``base``), the theme's static
    files, every page's place, name and digest, and what issue.toml says."""
    h = hashlib.blake2b(base.encode(), digest_size=16)
    h.update(files_fingerprint(theme.template_dirs()).encode())
    h.update(files_fingerprint(theme.static_dirs()).encode())
    h.update(repr([t.name for t in theme.chain]).encode())
    for page in pages:  # the digest covers the text and how it is cut (see key_pages)
        h.update(repr((page.source, page.date, page.number, page.name, page.format, page.digest)).encode())
    for date in sorted(issues):
        info = issues[date]
        h.update(repr((date, info.edition, sorted(info.page_names.items()))).encode())
    return h.hexdigest()
