"""The renderer's plan for the sample archive: the jobs it makes and what their keys cover."""

from __future__ import annotations

from pathlib import Path

from sample_site import sample_site

from sitegen import urls
from sitegen.build import choose_theme
from sitegen.config import load_config
from sitegen.render import Renderer, plan_site


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
    assert (reads_item, reads_home) == (False, False)  # neither reads the `site` global
    (sample_archive / "templates").mkdir()
    (sample_archive / "templates" / "macros.html").write_text(
        (Path(__file__).parent.parent / "themes/default/templates/macros.html").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    overridden = Renderer(site, choose_theme(load_config(sample_archive / "sitegen.toml"), sample_archive, []))
    # item.html imports macros.html: an edit to it reaches item pages' keys.
    assert overridden.template_use("item.html")[1] != item
