"""Every HTML page of both themes passes the Nu HTML Checker with zero errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from website.helpers import VNU_JAR, BuiltSite, java_ok, require


def vnu_errors(files: list[Path]) -> list[str]:
    """Errors the Nu checker finds in `files`, as `file:line: message` (one JVM for all files)."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m.get('message')}" for m in messages]


def test_every_page_is_valid_html(site: BuiltSite) -> None:
    require(java_ok(), "java and node_modules/vnu-jar")
    pages = site.pages()
    assert len(pages) > 50
    errors = vnu_errors(pages)
    assert not errors, "\n".join(errors)


def test_the_checker_really_checks(tmp_path: Path) -> None:
    require(java_ok(), "java and node_modules/vnu-jar")
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=zh-CN><title>x</title><p><div></span>", encoding="utf-8")
    assert vnu_errors([bad])
