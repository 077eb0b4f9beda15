"""Theme lookup: archive overrides → theme → parent, `!name/` prefixes, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.theme import load_theme, template_error


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_broadsheet_extends_default():
    theme = load_theme("broadsheet", Path("/nonexistent"))
    assert [t.name for t in theme.chain] == ["broadsheet", "default"]


def test_child_template_wins_and_can_extend_the_one_it_overrides(tmp_path: Path):
    write(tmp_path / "themes/base/templates/page.html", "<p>{% block body %}base{% endblock %}</p>")
    write(tmp_path / "themes/base/templates/only-base.html", "from base")
    write(tmp_path / "themes/child/theme.toml", 'extends = "base"\n')
    write(
        tmp_path / "themes/child/templates/page.html",
        '{% extends "!base/page.html" %}{% block body %}child+{{ super() }}{% endblock %}',
    )
    env = load_theme("child", tmp_path).environment()
    assert env.get_template("page.html").render() == "<p>child+base</p>"
    assert env.get_template("only-base.html").render() == "from base"


def test_archive_templates_override_the_theme(tmp_path: Path):
    write(tmp_path / "themes/base/templates/page.html", "theme")
    write(tmp_path / "templates/page.html", '{% extends "!base/page.html" %}')
    write(tmp_path / "templates/own.html", "archive")
    env = load_theme("base", tmp_path).environment()
    assert env.get_template("page.html").render() == "theme"
    assert env.get_template("own.html").render() == "archive"


def test_static_files_parent_first_so_children_and_archive_win(tmp_path: Path):
    write(tmp_path / "themes/base/static/a.css", "base")
    write(tmp_path / "themes/child/theme.toml", 'extends = "base"\n')
    write(tmp_path / "themes/child/static/a.css", "child")
    write(tmp_path / "static/a.css", "archive")
    dirs = load_theme("child", tmp_path).static_dirs()
    assert [d.parent.name for d in dirs] == ["base", "child", tmp_path.name]


def test_missing_theme_names_the_config_and_known_themes(tmp_path: Path):
    config = write(tmp_path / "sitegen.toml", 'theme = "nope"\n')
    with pytest.raises(SitegenError) as err:
        load_theme("nope", tmp_path, config_path=config)
    message = err.value.format()
    assert "sitegen.toml" in message and "'nope' not found" in message and "default" in message


def test_missing_parent_names_the_theme_file(tmp_path: Path):
    write(tmp_path / "themes/child/theme.toml", 'extends = "ghost"\n')
    with pytest.raises(SitegenError) as err:
        load_theme("child", tmp_path)
    assert "themes/child/theme.toml" in err.value.format() and "'ghost'" in err.value.format()


def test_extends_loop_is_an_error(tmp_path: Path):
    write(tmp_path / "themes/a/theme.toml", 'extends = "b"\n')
    write(tmp_path / "themes/b/theme.toml", 'extends = "a"\n')
    with pytest.raises(SitegenError, match="loop"):
        load_theme("a", tmp_path)


def test_template_syntax_error_names_file_and_line(tmp_path: Path):
    write(tmp_path / "themes/t/templates/bad.html", "line one\n{% if %}\n")
    env = load_theme("t", tmp_path).environment()
    with pytest.raises(Exception) as err:
        env.get_template("bad.html")
    problem = template_error(err.value)
    assert problem.line == 2 and str(problem.path).endswith("bad.html")


def test_template_runtime_error_names_file_and_line(tmp_path: Path):
    write(tmp_path / "themes/t/templates/bad.html", "ok\n{{ missing.attr }}\n")
    env = load_theme("t", tmp_path).environment()
    with pytest.raises(Exception) as err:
        env.get_template("bad.html").render()
    problem = template_error(err.value)
    assert problem.line == 2 and str(problem.path).endswith("bad.html")
