"""Themes: where templates and static files come from.

Lookup order for a template: the archive's own `templates/`, then the theme's, then the
themes it extends (MkDocs' custom_dir → theme → parent). `{% extends "!default/base.html" %}`
names one theme's template explicitly, so an override can extend what it replaces
(Pelican's `!simple/` prefix). Static files are copied parent first, so children win.
"""

from __future__ import annotations

import tomllib
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.errors import SitegenError

BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"
THEME_FILE = "theme.toml"


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

    @property
    def name(self) -> str:
        return self.chain[0].name

    def template_dirs(self) -> list[Path]:
        dirs = [self.archive / "templates"] + [t.templates for t in self.chain]
        return [d for d in dirs if d.is_dir()]

    def static_dirs(self) -> list[Path]:
        """Parent first: a later directory's file replaces an earlier one's."""
        dirs = [t.static for t in reversed(self.chain)] + [self.archive / "static"]
        return [d for d in dirs if d.is_dir()]

    def environment(self) -> jinja2.Environment:
        prefixed = {f"!{t.name}": jinja2.FileSystemLoader(t.templates) for t in self.chain}
        loader = jinja2.ChoiceLoader(
            [jinja2.PrefixLoader(prefixed, delimiter="/"), jinja2.FileSystemLoader(self.template_dirs())]
        )
        return jinja2.Environment(
            loader=loader,
            autoescape=True,  # page text reaches templates: escape everything not marked safe
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )


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
            raise SitegenError(
                f"theme {current!r} not found in " + " or ".join(str(s) for s in search),
                path=(chain[-1].path / THEME_FILE) if chain else config_path,
                hint=f"known themes: {', '.join(known) or 'none'}",
            )
        chain.append(ThemeDir(current, path))
        current = _extends(path / THEME_FILE)
    return Theme(tuple(chain), archive)


def _extends(theme_file: Path) -> str | None:
    if not theme_file.is_file():
        return None
    try:
        data = tomllib.loads(theme_file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SitegenError(f"not valid TOML: {exc}", path=theme_file, hint="fix the file's syntax") from exc
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        raise SitegenError("`extends` must be a theme name", path=theme_file, hint='e.g. extends = "default"')
    return extends


def template_error(exc: Exception) -> SitegenError:
    """A template problem as a SitegenError naming the template file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return SitegenError(
            f"template error: {exc.message}", path=exc.filename or exc.name, line=exc.lineno,
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
