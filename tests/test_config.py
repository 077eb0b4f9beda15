from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import SiteConfig, key_line, load_config
from sitegen.errors import SitegenError


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sitegen.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> SitegenError:
    """The one error of a file that cannot be read at all."""
    with pytest.raises(SitegenError) as info:
        load_config(path)
    return info.value


def problem_of(path: Path) -> SitegenError:
    """The one problem of a file that is read, its faulty key left out."""
    (problem,) = load_config(path).problems
    return problem


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "sitegen.toml")
    assert config == SiteConfig()
    assert config.home_province == "内蒙古自治区"
    assert config.language == "zh-CN"
    assert config.columns == ()


def test_sample_config_is_typed(sample_config: Path) -> None:
    config = load_config(sample_config)
    assert config.newspaper == "内蒙古日报"
    assert isinstance(config.columns, tuple)
    assert "初心如磐" in config.columns
    assert config.path == sample_config


def test_unknown_top_level_key_names_key_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "报"\n\n# a comment\nhome_provice = "内蒙古自治区"\n')
    error = problem_of(path)
    assert error.line == 4
    message = error.format()
    assert "home_provice" in message
    assert f"{path.as_posix()}:4:" in message or "sitegen.toml:4:" in message
    assert 'did you mean "home_province"' in message


def test_unknown_key_in_segment_table_is_found_in_its_table(tmp_path: Path) -> None:
    # The same key name at the top level must not be taken for the one in [segment].
    path = write(tmp_path, 'title = "报"\n[segment]\ncolumns = []\ncolumnz = ["a"]\n')
    error = problem_of(path)
    assert (error.line, "columnz" in error.message, "[segment]" in error.message) == (4, True, True)


def test_unknown_table(tmp_path: Path) -> None:
    error = problem_of(write(tmp_path, 'title = "报"\n\n[segmnt]\ncolumns = []\n'))
    assert error.line == 3
    assert "segmnt" in error.message


def test_wrong_type_names_key_and_line(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'newspaper = "报"\ntitle = 3\n'))
    (error,) = config.problems
    assert (config.newspaper, config.title) == ("报", SiteConfig().title)  # the rest is kept
    assert error.line == 2
    assert '"title" must be a string, not an integer' in error.message
    assert error.hint and "title =" in error.hint


def test_columns_must_be_strings(tmp_path: Path) -> None:
    error = problem_of(write(tmp_path, "[segment]\ncolumns = [1, 2]\n"))
    assert error.line == 2
    assert "columns" in error.message


def test_segment_must_be_a_table(tmp_path: Path) -> None:
    error = problem_of(write(tmp_path, 'segment = "x"\n'))
    assert "segment" in error.message and error.line == 1


def test_invalid_toml_reports_line(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, 'title = "报"\nnewspaper = \n'))
    assert (error.line, error.column) == (2, 13)
    assert error.message == "missing value after ="


def test_bom_and_dotted_keys_are_accepted(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '\ufefftitle = "报"\nsegment.columns = ["掠影"]\n'.encode()))
    assert config.title == "报"
    assert config.columns == ("掠影",)


def test_non_utf8_config_says_save_as_utf8(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, 'title = "内蒙古"\n'.encode("gb18030")))
    assert error.hint == "save it as UTF-8"


def test_key_line_handles_quoted_and_dotted_keys() -> None:
    text = '[pages]\n"05" = "党建"\n\'06\' = "要闻"\n[a.b]\nc = 1\n'
    assert key_line(text, ("pages",), "05") == 2
    assert key_line(text, ("pages",), "06") == 3
    assert key_line(text, ("a", "b"), "c") == 5
    assert key_line(text, (), "c") is None


@pytest.mark.parametrize(
    "value",
    [
        "example.org/archive",
        "javascript:alert(1)",
        "ftp://example.org/",
        "http:///archive",
        "https://a b/",
        "//example.org/archive",
    ],
)
def test_base_url_must_be_an_absolute_http_url(tmp_path: Path, value: str) -> None:
    """It is written as it is into feed links, the sitemap and robots.txt: nothing else may stand there."""
    config = load_config(write(tmp_path, f'title = "报"\nbase_url = "{value}"\n'))
    assert config.base_url == ""  # left out: no feeds, no sitemap
    (problem,) = config.problems
    assert problem.line == 2
    assert problem.message == f'"base_url" must be an absolute http(s) URL, not "{value}"'
    assert problem.hint == 'write it as base_url = "https://example.org/archive/"'


@pytest.mark.parametrize("value", ["https://example.org/archive/", "http://localhost:8000", ""])
def test_absolute_http_base_urls_are_taken(tmp_path: Path, value: str) -> None:
    config = load_config(write(tmp_path, f'base_url = "{value}"\n'))
    assert config.base_url == value and not config.problems
