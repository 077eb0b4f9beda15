"""The renderer's plan for the sample archive: the jobs it makes and what their keys cover."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from sample_site import sample_site

from sitegen import render, urls
from sitegen.build import choose_theme
from sitegen.config import load_config
from sitegen.planners.feeds_and_sitemap import site_pages
from sitegen.render import PER_PAGE, Renderer, keyed_names, plan_site


def test_every_job_has_its_own_path_and_the_plan_is_the_same_twice(sample_archive: Path) -> None:
    site, theme = sample_site(sample_archive)
    jobs = plan_site(site, theme, "base")
    assert len({j.id for j in jobs}) == len(jobs)
    assert [(j.id, j.key) for j in plan_site(site, theme, "base")] == [(j.id, j.key) for j in jobs]
    paths = {j.id for j in jobs}
    assert {urls.HOME, urls.SEARCH, urls.NOT_FOUND, "search/manifest.js"} <= paths
    assert all(item.slug and any(p.endswith(f"/{item.slug}.html") for p in paths) for item in site.all_items)


def test_a_templates_use_follows_what_it_extends_and_imports(sample_archive: Path) -> None:
    site, theme = sample_site(sample_archive)
    renderer = Renderer(site, theme)
    reads_item, item = renderer.template_use("item.html")
    reads_home, home = renderer.template_use("home.html")
    assert item != home  # each covers its own template's source
    # The home page counts the site's issues and groups (in its block: a child template's blocks count).
    assert (reads_item, reads_home) == (False, True)
    (sample_archive / "templates").mkdir()
    (sample_archive / "templates" / "macros.html").write_text(
        (Path(__file__).parent.parent / "themes/default/templates/macros.html").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    overridden = Renderer(site, choose_theme(load_config(sample_archive / "sitegen.toml"), sample_archive, []))
    # item.html imports macros.html: an edit to it reaches item pages' keys.
    assert overridden.template_use("item.html")[1] != item


def test_a_template_global_must_say_how_its_pages_are_keyed(
    sample_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, theme = sample_site(sample_archive)
    monkeypatch.delitem(render.GLOBAL_KEYING, "author_url")
    with pytest.raises(TypeError, match="author_url"):
        Renderer(site, theme)


def test_the_names_a_pages_key_covers_are_those_of_its_items_and_groups(sample_archive: Path) -> None:
    site, _ = sample_site(sample_archive)
    item = next(i for i in site.all_items if i.column and i.county and i.authors)
    names = keyed_names([{"related": [item]}, site.regions[0]])
    assert item.column in names.columns and set(item.authors) <= names.authors
    assert {item.region, (item.region, item.county)} <= names.regions
    region = site.regions[0]
    assert region.name in names.regions and {(region.name, c.name) for c in region.children} <= names.regions
    # A group's items are not in its key (its info is), so their names are not covered through it.
    group, other = next((g, i) for g in site.regions for i in g.items if i.column)
    assert other.column not in keyed_names([group]).columns
    # A group's name counts for its own kind only: a column named like an author keys no author's slug.
    column = site.columns[0].info
    assert keyed_names([column]) == render.KeyedNames(frozenset({column.name}), frozenset(), frozenset())


@pytest.mark.parametrize("items", [0, 400])  # the sample archive; a synthetic one with numbered listings
def test_the_sitemap_lists_every_planned_page_from_the_site_alone(sample_archive: Path, items: int) -> None:
    if items:
        synth = runpy.run_path(str(Path(__file__).parent.parent / "benchmarks" / "synth.py"), run_name="synth")
        synth["make_archive"](sample_archive, items)
    site, theme = sample_site(sample_archive)
    assert not items or any(g.count > 2 * PER_PAGE for g in site.authors)
    pages = {j.id for j in plan_site(site, theme) if j.id.endswith(".html")} - {urls.NOT_FOUND}
    listed = dict(site_pages(site))
    assert set(listed) == pages and len(listed) == len(list(site_pages(site)))  # each page once
    assert {path: day for path, day in listed.items() if day} == {urls.item_url(i): i.date for i in site.all_items}
