"""Themes: where templates and static files come from.

Lookup order for a template: the archive's own `templates/`, then the theme's, then the
themes it extends (MkDocs' custom_dir → theme → parent). `{% extends "!default/base.html" %}`
names one theme's template explicitly, so an override can extend what it replaces
(Pelican's `!simple/` prefix). Static files are copied parent first, so children win.
"""

from __future__ import annotations

import difflib
import importlib.resources
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen.bidi import balanced
from sitegen.config import key_line, load_toml
from sitegen.errors import SitegenError


def _bundled_themes() -> Path:
    """The themes that come with sitegen: installed inside the package as ``sitegen/themes`` (a wheel,
    pip, pipx), or the repository's top-level ``themes/`` beside the package in a checkout (an
    editable install maps only the Python code)."""
    installed = Path(str(importlib.resources.files("sitegen"))) / "themes"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "themes"


BUNDLED_THEMES = _bundled_themes()
THEME_FILE = "theme.toml"
DEFAULT_THEME = "default"
TEMPLATE_SUFFIXES = (".html", ".xml")


@dataclass(frozen=True)
class ThemeDir:
    name: str
    path: Path

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"


@dataclass(frozen=True)
class Theme:
    """A theme and the chain it extends, child first, plus the archive's own overrides."""

    chain: tuple[ThemeDir, ...]
    archive: Path  # the archive root: its `templates/` and `static/` override the theme
    # Names of the archive's own templates left out because they do not parse: the theme's are used.
    broken: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return self.chain[0].name

    def without_broken_overrides(self) -> tuple[Theme, list[SitegenError]]:
        """This theme less the archive's own templates that do not parse, with an error naming the
        file and line of each. They are checked here, all of them, because a template is otherwise
        parsed only when a page needs it, and then without its file name."""
        folder = self.archive / "templates"
        env = self.environment()
        problems: list[SitegenError] = []
        broken: set[str] = set()
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if not path.is_file() or path.suffix not in TEMPLATE_SUFFIXES:
                continue
            name = path.relative_to(folder).as_posix()
            try:
                env.parse(path.read_text(encoding="utf-8"), name, str(path))
                continue
            except jinja2.TemplateSyntaxError as exc:
                message, line, hint = f"template error: {exc.message}", exc.lineno, "fix the template"
            except (OSError, UnicodeDecodeError):
                message, line, hint = "template error: cannot read it as UTF-8 text", None, "save it as UTF-8"
            instead = (
                f"the theme's {name} is used instead"
                if any((t.templates / name).is_file() for t in self.chain)
                else "it is left out"
            )
            problems.append(SitegenError(f"{message}; {instead}", path=path, line=line, hint=hint))
            broken.add(name)
        return replace(self, broken=frozenset(broken)), problems

    def template_dirs(self) -> list[Path]:
        dirs = [self.archive / "templates"] + [t.templates for t in self.chain]
        return [d for d in dirs if d.is_dir()]

    def static_dirs(self) -> list[Path]:
        """Parent first: a later directory's file replaces an earlier one's."""
        dirs = [t.static for t in reversed(self.chain)] + [self.archive / "static"]
        return [d for d in dirs if d.is_dir()]

    def environment(self) -> jinja2.Environment:
        prefixed = {f"!{t.name}": jinja2.FileSystemLoader(t.templates) for t in self.chain}
        loader = jinja2.ChoiceLoader([jinja2.PrefixLoader(prefixed, delimiter="/"), self._lookup_loader()])
        return jinja2.Environment(
            loader=loader,
            autoescape=True,  # page text reaches templates: escape everything not marked safe
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )

    def _lookup_loader(self) -> jinja2.BaseLoader:
        """Archive `templates/` first, then the theme chain, without the archive's broken templates."""
        if not self.broken:
            return jinja2.FileSystemLoader(self.template_dirs())
        own = _Without(jinja2.FileSystemLoader(self.archive / "templates"), self.broken)
        return jinja2.ChoiceLoader([own, jinja2.FileSystemLoader([t.templates for t in self.chain])])


class _Without(jinja2.BaseLoader):
    """A loader that does not see some of its templates."""

    def __init__(self, inner: jinja2.BaseLoader, names: frozenset[str]) -> None:
        self.inner = inner
        self.names = names

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        if template in self.names:
            raise jinja2.TemplateNotFound(template)
        return self.inner.get_source(environment, template)


def _finalize(value: object) -> object:
    """Every ``{{ … }}`` value: page text closes the bidi controls it opens (see bidi.py), so a
    headline cannot reverse the text after it. Markup (an item body, a chart) is built already."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return balanced(value)
    return value


def find_theme(name: str, search: list[Path]) -> Path | None:
    for root in search:
        candidate = root / name
        if any((candidate / part).exists() for part in (THEME_FILE, "templates", "static")):
            return candidate
    return None


def load_theme(name: str, archive: Path, *, config_path: Path | None = None) -> Theme:
    """Resolve `name` and the themes it extends, from the archive's `themes/` then the bundled ones."""
    search = [archive / "themes", BUNDLED_THEMES]
    chain: list[ThemeDir] = []
    current: str | None = name
    while current is not None:
        if any(t.name == current for t in chain):
            raise SitegenError(
                f"theme {current!r} extends itself in a loop",
                path=chain[-1].path / THEME_FILE,
                hint="fix `extends` in theme.toml",
            )
        path = find_theme(current, search)
        if path is None:
            known = sorted({p.name for root in search if root.is_dir() for p in root.iterdir() if p.is_dir()})
            setting = "extends" if chain else "theme"
            close = difflib.get_close_matches(current, known, n=1, cutoff=0.6)
            hint = (f'did you mean "{close[0]}"? ' if close else "") + (
                f"set {setting} to one of the known themes ({', '.join(known) or 'none'}), "
                "or add the theme's folder to themes/ beside sitegen.toml"
            )
            raise SitegenError(
                f"theme {current!r} not found",
                path=(chain[-1].path / THEME_FILE) if chain else config_path,
                line=_setting_line(chain[-1].path / THEME_FILE if chain else config_path, setting),
                hint=hint,
            )
        chain.append(ThemeDir(current, path))
        current = _extends(path / THEME_FILE)
    return Theme(tuple(chain), archive)


def _setting_line(path: Path | None, key: str) -> int | None:
    """The line of a top-level ``key = …`` in a TOML file, for messages; None when not found."""
    try:
        return key_line(path.read_text(encoding="utf-8-sig"), (), key) if path is not None else None
    except (OSError, UnicodeDecodeError):
        return None


def _extends(theme_file: Path) -> str | None:
    if not theme_file.is_file():
        return None
    data, _ = load_toml(theme_file)
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        raise SitegenError("`extends` must be a theme name", path=theme_file, hint='e.g. extends = "default"')
    return extends


def template_error(exc: Exception) -> SitegenError:
    """A template problem as a SitegenError naming the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return SitegenError(
            f"template error: {exc.message}",
            path=exc.filename or exc.name,
            line=exc.lineno,
            hint="fix the template",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return SitegenError(f"template not found: {exc.name}", hint="add it to the theme or fix its name")
    # Errors while rendering: Jinja2 puts the template's file and line into the traceback.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    where = frames[-1] if frames else None
    return SitegenError(
        f"template error: {type(exc).__name__}: {exc}",
        path=where.filename if where else None,
        line=where.lineno if where else None,
        hint="fix the template",
    )
