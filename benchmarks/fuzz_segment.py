"""Coverage-guided fuzzing of the segmenter with atheris (libFuzzer), for a set number of minutes.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python benchmarks/fuzz_segment.py --minutes 10 [--corpus DIR]

Each input becomes a page (Markdown or not, chosen by the fuzzer) and must be segmented without an
exception, twice to the same items, keeping every content character (the oracle of
tests/test_segment_property.py). The corpus starts from the sample pages in content/ and grows in
DIR (a temporary folder unless given); a failing input is written as crash-* in the working folder
and can be replayed with `python benchmarks/fuzz_segment.py crash-…`. Not part of the test suite:
the Hypothesis tests there run a fixed number of cases; this runs as long as you let it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import atheris

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

with atheris.instrument_imports(include=["sitegen"]):
    from sitegen.segment import cut_text
from test_segment_property import expected_chars, item_chars  # noqa: E402

MODES = [None, True, False]  # markdown: detect, yes, no


def one_input(data: bytes) -> None:
    # First byte: the mode; the rest: the page as UTF-8 (damaged bytes become U+FFFD, as a reader would).
    markdown = MODES[data[0] % 3] if data else None
    text = data[1:].decode("utf-8", "replace")
    items = [item for item, _ in cut_text(text, markdown=markdown, columns=("观潮",)).items]
    again = [item for item, _ in cut_text(text, markdown=markdown, columns=("观潮",)).items]
    if [i.contract() for i in items] != [i.contract() for i in again]:
        raise AssertionError("two runs gave different items")
    missing = expected_chars(text) - item_chars(text, markdown)
    if missing:
        raise AssertionError(f"lost {dict(missing)}")


def seed_corpus(folder: Path) -> None:
    for n, page in enumerate(sorted((REPO / "content").glob("*/*"))):
        if page.suffix in (".txt", ".md"):
            for mode in range(len(MODES)):
                (folder / f"sample-{n}-{mode}").write_bytes(bytes([mode]) + page.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (kept; default: temporary)")
    args, rest = parser.parse_known_args()
    if any(Path(a).is_file() for a in rest):  # replay crash files
        atheris.Setup([sys.argv[0], *rest], one_input)
        atheris.Fuzz()
        return
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix="sitegen-fuzz-"))
    corpus.mkdir(parents=True, exist_ok=True)
    seed_corpus(corpus)
    print(f"fuzzing the segmenter for {args.minutes:g} min; corpus in {corpus}", file=sys.stderr)
    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={int(args.minutes * 60)}",
            "-print_final_stats=1",
            "-max_len=65536",
            "-timeout=30",
            *rest,
            str(corpus),
        ],
        one_input,
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
