"""Job keys: the same inputs give the same key, and each input the key covers changes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sample_site import sample_site

from sitegen.config import load_config
from sitegen.fingerprint import Fingerprints, base_key, inputs_digest
from sitegen.model import Credit, Item

ITEM = Item(
    kind="article", title="党建引领", body="正文。", credits=(Credit("宋爽", "本报记者"),), date=dt.date(2023, 3, 7)
)


def test_a_key_names_its_values_and_their_order(sample_archive: Path) -> None:
    site, _ = sample_site(sample_archive)
    keys = Fingerprints(site, "base")
    assert keys.key("page", ITEM) == Fingerprints(site, "base").key("page", ITEM)
    assert keys.key("page", ITEM) != keys.key("page", dataclasses.replace(ITEM, title="党建引领新"))
    assert keys.key("a", "b") != keys.key("b", "a")
    assert keys.key(("a", "b")) != keys.key(["a", "b"])  # the kind of value counts
    assert keys.key(1) != keys.key("1") and keys.key(True) != keys.key(1)
    assert Fingerprints(site, "other").key("page", ITEM) != keys.key("page", ITEM)
    with pytest.raises(TypeError):  # a function's name does not say what it returns: refused
        keys.key("page", lambda: ITEM)
    page = next(p for issue in site.issues for p in issue.pages)
    with pytest.raises(TypeError, match="not yet keyed"):  # nothing names its text yet
        keys.key("page", dataclasses.replace(page, digest=None))


def test_the_base_key_and_the_inputs_digest_follow_settings_and_pages(sample_archive: Path) -> None:
    site, theme = sample_site(sample_archive)
    config = load_config(sample_archive / "sitegen.toml")
    base = base_key(config, theme)
    assert base == base_key(config, theme)
    assert base != base_key(dataclasses.replace(config, title="另一份报纸"), theme)
    pages = [page for issue in site.issues for page in issue.pages]
    inputs = inputs_digest(base, theme, pages, {})
    assert inputs == inputs_digest(base, theme, pages, {})
    assert inputs != inputs_digest(base, theme, pages[1:], {})
    assert inputs != inputs_digest(base, theme, [dataclasses.replace(pages[0], name="要闻"), *pages[1:]], {})
