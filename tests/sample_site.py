"""The sample archive carried through the build's stages up to the assembled site, in the test process."""

from __future__ import annotations

from pathlib import Path

from sitegen.assemble import assemble, place_items, separate
from sitegen.build import choose_theme
from sitegen.cache import ReadIndex, SegmentCache
from sitegen.config import load_config
from sitegen.model import Site
from sitegen.segment.pages import segment_pages
from sitegen.sources import discover, read_changed
from sitegen.theme import Theme


def sample_site(root: Path) -> tuple[Site, Theme]:
    config = load_config(root / "sitegen.toml")
    found = discover(root / "content")
    pages, _ = read_changed(found.pages, ReadIndex(None))
    segmented, _ = segment_pages(pages, config, SegmentCache(None))
    placed, _ = separate(place_items(segmented))
    theme = choose_theme(config, root, [])
    return assemble(placed, found.issues, config), theme
