from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

CONTRACT_KEYS = [
    "kind",
    "title",
    "title_inferred",
    "kicker",
    "subtitle",
    "column",
    "authors",
    "credits",
    "region",
    "county",
    "body",
]
RunCli = Callable[..., Result]
Tree = Callable[[Path], dict[str, bytes]]


def test_help_documents_every_command(tmp_path: Path, run_cli: RunCli) -> None:
    top = run_cli(tmp_path, "--help")
    assert top.exit_code == 0 and "build" in top.stdout and "segment" in top.stdout
    build_help = run_cli(tmp_path, "build", "--help").stdout
    for option in ("--source", "--output", "--config", "--strict"):
        assert option in build_help
    segment_help = run_cli(tmp_path, "segment", "--help").stdout
    assert "--json" in segment_help and "--config" in segment_help


def test_segment_json_on_sample_pages_has_exactly_the_contract_keys(
    tmp_path: Path, run_cli: RunCli, sample_pages: list[Path], sample_config: Path
) -> None:
    result = run_cli(tmp_path, "segment", *map(str, sample_pages), "--json", "--config", str(sample_config))
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) >= len(sample_pages)
    for item in items:
        assert list(item) == CONTRACT_KEYS
        assert item["kind"] in ("article", "photo", "brief", "knowledge")
        assert all(set(c) == {"name", "role"} for c in item["credits"])
        assert isinstance(item["body"], str)
    # One array for all pages, in order: the .md page (2023-03-07) comes first.
    single = run_cli(tmp_path, "segment", str(sample_pages[0]), "--json", "--config", str(sample_config))
    assert json.loads(result.stdout)[: len(json.loads(single.stdout))] == json.loads(single.stdout)


def test_segment_reads_gb18030_without_a_config(tmp_path: Path, run_cli: RunCli, txt_page: str) -> None:
    page = tmp_path / "05.txt"
    page.write_bytes(txt_page.encode("gb18030"))
    result = run_cli(tmp_path, "segment", "05.txt", "--json")  # no sitegen.toml here: defaults
    assert result.exit_code == 0, result.stderr
    text = "".join(item["body"] + (item["title"] or "") for item in json.loads(result.stdout))
    assert "赤峰市红山区" in text


def test_segment_plain_listing(tmp_path: Path, run_cli: RunCli, md_page: str) -> None:
    (tmp_path / "05.md").write_text(md_page, encoding="utf-8")
    result = run_cli(tmp_path, "segment", "05.md")
    assert result.exit_code == 0
    assert "== 05.md:" in result.stdout
    assert "社区治理见实效" in result.stdout


def test_segment_reports_bad_pages(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfd\x00\x01")
    result = run_cli(tmp_path, "segment", "bad.txt", "missing.txt", "--json")
    assert result.exit_code == 1
    assert "bad.txt:1: cannot decode" in result.stderr and "(save it as UTF-8)" in result.stderr
    assert "missing.txt: no such page file" in result.stderr


def test_build_prints_summary_and_second_build_writes_nothing(
    sample_archive: Path, run_cli: RunCli, tree: Tree
) -> None:
    first = run_cli(sample_archive, "build")
    assert first.exit_code == 0, first.stderr
    assert re.search(
        r"3 pages, \d+ items \(1 uncertain: see sitegen review\); files: \d+ written, 0 unchanged, 0 removed; 0 errors",
        first.stdout,
    )
    before = tree(sample_archive / "output")
    second = run_cli(sample_archive, "build")
    assert "files: 0 written" in second.stdout
    assert tree(sample_archive / "output") == before
    assert (sample_archive / ".sitegen-cache").is_dir()  # next to the config


def test_build_with_errors_exits_1_with_count_and_builds_the_rest(
    make_archive: Callable[..., Path], run_cli: RunCli, md_page: str
) -> None:
    root = make_archive(
        {
            "content/2023-02-30/05.md": md_page,
            "content/2023-12-26/abc.txt": md_page,
            "content/2023-12-26/05.md": md_page,
        }
    )
    result = run_cli(root, "build")
    assert result.exit_code == 1
    assert "content/2023-02-30: " in result.stderr and "rename it" in result.stderr
    assert "content/2023-12-26/abc.txt: " in result.stderr and "name it like 05.txt" in result.stderr
    assert "build failed: 2 errors" in result.stderr
    assert result.stdout.startswith("1 page, 2 items; ") and "2 errors" in result.stdout
    assert "not built: 1 folder not named by a date and 1 file not named by a page number (see above):" in result.stdout
    assert list((root / "output" / "2023" / "12" / "26" / "05").glob("*.html"))


def test_strict_leaves_existing_output_untouched(
    make_archive: Callable[..., Path], run_cli: RunCli, md_page: str, tree: Tree
) -> None:
    root = make_archive({"content/2023-12-26/05.md": md_page})
    assert run_cli(root, "build").exit_code == 0
    before = tree(root / "output")
    (root / "content" / "2023-12-26" / "05.md").write_text("# 新标题\n\n新正文。\n", encoding="utf-8")
    (root / "content" / "2023-02-30").mkdir()
    result = run_cli(root, "build", "--strict")
    assert result.exit_code == 1
    assert "left untouched" in result.stdout
    assert tree(root / "output") == before


def test_unreadable_config_stops_the_build_with_its_line(
    make_archive: Callable[..., Path], run_cli: RunCli, md_page: str
) -> None:
    # Not TOML at all: no setting can be trusted. (A file that parses, with a mistyped key, still
    # builds: see test_bad_input.py.)
    root = make_archive({"content/2023-12-26/05.md": md_page, "sitegen.toml": 'title = "报"\nthem = \n'})
    result = run_cli(root, "build")
    assert result.exit_code == 1
    assert "sitegen.toml:2:8: missing value after = (give a value" in result.stderr
    assert not (root / "output").exists()


def test_output_inside_content_is_refused(make_archive: Callable[..., Path], run_cli: RunCli, md_page: str) -> None:
    root = make_archive({"content/2023-12-26/05.md": md_page})
    result = run_cli(root, "build", "--output", "content/site")
    assert result.exit_code == 1
    assert not (root / "content" / "site").exists()


def test_console_script_runs(tmp_path: Path, sample_pages: list[Path]) -> None:
    script = Path(sys.executable).parent / "sitegen"
    if not script.exists():
        pytest.skip("sitegen console script not installed in this environment")
    proc = subprocess.run(
        [str(script), "segment", str(sample_pages[-1]), "--json"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert [list(item) for item in json.loads(proc.stdout.decode("utf-8"))][0] == CONTRACT_KEYS


INVALID = Path(__file__).parent / "invalid"


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.iterdir() if p.is_dir()))
def test_invalid_archive_reports_expected_messages(case: str, tmp_path: Path, run_cli: RunCli) -> None:
    """One folder per bad input under tests/invalid/: its expected.txt lists lines the build must print."""
    root = tmp_path / case
    shutil.copytree(INVALID / case, root)
    result = run_cli(root, "build")
    assert result.exit_code == 1
    printed = result.stderr.splitlines()
    for line in (root / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in printed


def test_template_error_names_file_and_line_and_leaves_output(sample_archive: Path, run_cli) -> None:
    assert run_cli(sample_archive, "build").exit_code == 0
    before = (sample_archive / "output" / "index.html").read_bytes()
    (sample_archive / "templates").mkdir()
    (sample_archive / "templates" / "item.html").write_text(
        '{% extends "!default/item.html" %}\n{% block main %}\n{{ item.no_such_field.x }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    result = run_cli(sample_archive, "build")
    assert result.exit_code == 1
    assert "templates/item.html:3: template error" in result.output
    assert (sample_archive / "output" / "index.html").read_bytes() == before


def test_archive_templates_and_static_override_the_theme(sample_archive: Path, run_cli) -> None:
    (sample_archive / "templates").mkdir()
    (sample_archive / "templates" / "search.html").write_text(
        '{% extends "!default/search.html" %}{% block main %}<h1>本馆检索</h1>{% endblock %}', encoding="utf-8"
    )
    (sample_archive / "static").mkdir()
    (sample_archive / "static" / "style.css").write_text("body { color: teal; }", encoding="utf-8")
    assert run_cli(sample_archive, "build").exit_code == 0
    out = sample_archive / "output"
    assert "<h1>本馆检索</h1>" in (out / "search" / "index.html").read_text(encoding="utf-8")
    assert (out / "static" / "style.css").read_text(encoding="utf-8") == "body { color: teal; }"
    assert (out / "static" / "site.js").is_file()  # the theme's other files are still there


def test_segment_markdown_prints_a_page_that_builds_the_same_items(sample_archive: Path, run_cli: RunCli) -> None:
    """.txt → `sitegen segment --markdown` → saved as .md beside it → built: the same items at the same
    addresses (only `source:`, the file they came from, differs)."""
    first = run_cli(sample_archive, "build", "--no-cache")
    assert first.exit_code == 0, first.output
    before = {
        p.relative_to(sample_archive / "output").as_posix(): p.read_text(encoding="utf-8")
        for p in (sample_archive / "output").glob("2*/*/*/*/*.md")
    }
    for page in sorted((sample_archive / "content").glob("*/*.txt")):
        printed = run_cli(sample_archive, "segment", "--markdown", str(page.relative_to(sample_archive)))
        assert printed.exit_code == 0, printed.output
        assert printed.stdout.startswith("---\nkind: ")
        page.with_suffix(".md").write_text(printed.stdout, encoding="utf-8")
        page.unlink()
    second = run_cli(sample_archive, "build", "--no-cache")
    assert second.exit_code == 0, second.output
    after = {
        p.relative_to(sample_archive / "output").as_posix(): p.read_text(encoding="utf-8")
        for p in (sample_archive / "output").glob("2*/*/*/*/*.md")
    }
    assert sorted(after) == sorted(before) and len(before) > 30

    def unsourced(text: str) -> str:
        return re.sub(r"^source: .*\n", "", text, flags=re.MULTILINE)

    assert {k: unsourced(v) for k, v in after.items()} == {k: unsourced(v) for k, v in before.items()}


def test_segment_markdown_takes_one_page(sample_archive: Path, run_cli: RunCli) -> None:
    pages = [str(p.relative_to(sample_archive)) for p in sorted((sample_archive / "content").glob("*/*.txt"))]
    result = run_cli(sample_archive, "segment", "--markdown", *pages)
    assert result.exit_code == 1 and "--markdown prints one page, and 2 were given" in result.stderr
