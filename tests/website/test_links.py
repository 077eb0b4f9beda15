"""Links: all relative, all resolving, directory links naming index.html; LinkChecker agrees."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from website.helpers import BuiltSite, require


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "base":
            return  # 404.html's base is the site's root on the server (tests/website/test_not_found.py)
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_link_is_relative_resolves_and_names_index_html(site: BuiltSite) -> None:
    problems = []
    for page in site.pages():
        found = parse(page)
        for link in found.links:
            target, _, anchor = link.partition("#")
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):
                problems.append(f"{page}: not relative: {link}")
            elif not target:
                if anchor not in found.ids:
                    problems.append(f"{page}: no #{anchor} on the page")
            elif target.endswith("/") or not (page.parent / target).is_file():
                problems.append(f"{page}: broken or bare directory link: {link}")
    assert not problems, "\n".join(problems[:20])


def test_no_request_can_leave_the_site(site: BuiltSite) -> None:
    """No CDN, web font or external script: no absolute URL in HTML or CSS (feeds may use base_url)."""
    for path in [*site.pages(), *site.root.rglob("*.css"), *site.root.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href|url\()\s*=?\s*["']?(?:https?:)?//""", text), path


def test_linkchecker_finds_no_broken_link(site: BuiltSite) -> None:
    linkchecker = Path(sys.executable).with_name("linkchecker")
    require(linkchecker.exists(), "linkchecker")
    # Run as root, LinkChecker drops to user nobody: give it a copy it may read.
    copy = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    try:
        shutil.copytree(site.root, copy / "site")
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        result = subprocess.run(
            [str(linkchecker), "--no-status", "--no-warnings", "--check-extern", (copy / "site/index.html").as_uri()],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        shutil.rmtree(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    checked = int(re.search(r"(\d+) links in", result.stdout).group(1))
    assert checked > 100 and "0 errors found" in result.stdout
