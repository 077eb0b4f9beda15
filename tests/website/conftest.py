"""Fixtures for the site tests: the sample archive built once per theme, and a Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from website.helpers import CHROMIUM, CHROMIUM_ARGS, THEMES, BuiltSite, build_site, require


@pytest.fixture(scope="session", params=THEMES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(request.param, tmp_path_factory.mktemp(f"site-{request.param}"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
