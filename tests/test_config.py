"""[tool.letter] settings: defaults, paths, and clear errors for bad values."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import find_root, load_config
from pipeline.errors import InputError


def write(tmp_path, body: str):
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    return tmp_path


def test_settings_in_utf8_with_or_without_a_byte_order_mark_and_a_bad_byte_at_its_line(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[tool.letter]\npublished = ["fr"]\n')
    assert load_config(tmp_path).published == ("fr",)
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "x"\ndescription = "Caf\xe9"\n')
    with pytest.raises(InputError) as caught:
        load_config(tmp_path)
    assert (caught.value.line, caught.value.message) == (3, "the file is not valid UTF-8; save it as UTF-8")


def test_defaults_and_paths(tmp_path):
    config = load_config(write(tmp_path, "[project]\nname = 'x'\n"))
    assert config.template == tmp_path / "locales" / "letter.pot"
    assert config.catalog_path("zh_Hans") == tmp_path / "locales/zh_Hans/LC_MESSAGES/letter.po"
    assert config.published == ()


def test_site_url_gets_a_trailing_slash(tmp_path):
    config = load_config(write(tmp_path, '[tool.letter]\nsite_url = "https://example.org/letter"\n'))
    assert config.site_url == "https://example.org/letter/"


@pytest.mark.parametrize("body, line, fragment", [
    ('[tool.letter]\npublished = "fr"\n', 2, "published must be a list"),
    ('[tool.letter]\npublished = [1]\n', 2, "locale codes as strings"),
    ('[tool.letter]\npublished = ["fr", "en"]\n', 2, "published lists 'en', the language the letter is written in"),
    ('[tool.letter]\nsoruce = "x"\n', 2, "unknown setting 'soruce' in [tool.letter]; did you mean 'source'?"),
    ('[tool.letter]\nSite_URL = "x"\n', 2, "unknown setting 'Site_URL' in [tool.letter]; did you mean 'site_url'?"),
    ('[tool.letter]\ntranslators = 3\n', 2, "unknown setting 'translators' in [tool.letter]; the settings are source,"),
    # A key written with an escape is found at its line too, as TOML reads it.
    ('[tool.letter]\nsource = "source/letter.md"\n"t\\u001bx" = 3\n', 3, "unknown setting 't\\x1bx' in [tool.letter]"),
    ('[tool.letter.checks]\ndouble-wrod = "off"\n', 2, "'double-wrod' names no check; did you mean 'double-word'?"),
    ('[tool.letter.checks]\nspelling = "off"\n', 2, "'spelling' names no check; the checks are out-of-sync, header,"),
    ('[tool.letter.checks]\ndouble-word = "of"\n', 2, "double-word = 'of': write 'error', 'warning' or 'off'"),
    ('[tool.letter]\nlocales = "locales"\nchecks = { numbers = "off", lenght = "off" }\n', 3,
     "'lenght' names no check; did you mean 'length'?"),
    ('[tool.letter]\ndomain = "../x"\n', 2, "plain file name"),
    ('[tool.letter]\nsource = 3\n', 2, "source must be a string"),
    ('[tool.letter\n', 1, "not valid TOML"),
    ('[tool.letter]\nsource = "a.md" locales = "l"\n', 2, "not valid TOML: Expected newline or end of document after "
     "a statement (at line 2, column 17): a value and the next key on one line ('locales = \"l\"'); put each key on "
     "its own line"),
    # TOML ends a line at "\n" alone: a line separator (U+2028) in a comment is no line break, for the line or the text.
    ('[tool.letter]\n# a\u2028b\nsource = "a.md" locales = "l"\n', 3, "at line 3, column 17): a value and the next "
     "key on one line ('locales = \"l\"'); put each key on its own line"),
    ('[tool.letter]\n# a\u2028b\nsource = 3\n', 3, "source must be a string"),
    ('[tool.letter]\nlocales = "loc\\u0000ales"\n', 2, "locales holds the character U+0000, which no file name"),
    ('[tool.letter]\n\noutput = "\\u0000"\n', 3, "[tool.letter] output holds the character U+0000"),
    ('[tool.letter]\nchecks = "off"\n', 2, "checks must be a table of checks"),
    ('[tool.letter]\nidentical = "OK"\n', 2, "identical must be a list of source texts"),
    ('[tool.letter.checks]\nstale-template = "off"\n', 2, "stale-template cannot be set: a stale template or"),
    ('[tool.letter.checks]\nsyntax = "warning"\n', 2, "syntax cannot be set"),
    # The build makes every edition as a page and as plain text, whatever the list says (and its fingerprints
    # hold no format but pdf): a list without "text" is refused, not silently disobeyed.
    ('[tool.letter]\nformats = ["html", "pdf"]\n', 2, "(every edition is made as an HTML page and as plain text)"),
    ('[tool.letter]\nlocations = "line"\n', 2, "locations must be 'full' (file and line), 'file' or 'never'"),
    ('[tool.letter]\nsite_url = "example.org"\n', 2, "site_url 'example.org' is not a web address; write the whole"),
    ('[tool.letter]\noutput = "."\n', 2, "output = '.' would mix the editions with the project's own files"),
    ('[tool.letter]\noutput = "locales/site"\n', 2, "would mix the editions with the project's own files"),
    ('[tool.letter]\noutput = "source"\n', 2, "would mix the editions with the project's own files"),
    # An input that names the project folder, or one that holds it, is what is wrong, not the output inside it.
    ('[tool.letter]\nsource = "/"\n', 2, "source = '/' names a folder that holds the project, where the letter's "
     "Markdown file is expected; name the file, such as 'source/letter.md'"),
    ('[tool.letter]\nsignatories = ""\n', 2, "signatories = '' names the project folder itself, where the YAML file"),
    ('[tool.letter]\nlocales = "."\n', 2, "locales = '.' names the project folder itself, where a folder of the "
     "catalogs' own is expected; name one, such as 'locales'"),
    ('[tool.letter]\nsite_url = "javascript:alert(1)"\n', 2, "is not a web address"),
    ('[tool.letter]\nsite_url = "https://x.org/a b"\n', 2, "is not a web address"),
    # Each page's address is the site's with its own path joined on: a query or a fragment would end up
    # before that path, a user name and password would be published, an invisible character not seen.
    ('[tool.letter]\nsite_url = "https://x.org/?q=1"\n', 2, "'https://x.org/?q=1' has a ?query or #fragment"),
    ('[tool.letter]\nsite_url = "https://x.org/letter#top"\n', 2, "has a ?query or #fragment"),
    ('[tool.letter]\nsite_url = "https://x.org/letter?"\n', 2, "has a ?query or #fragment"),
    ('[tool.letter]\nsite_url = "https://editor:secret@x.org/"\n', 2, "holds a user name or password"),
    ('[tool.letter]\nsite_url = "https://x.org/\\u202eetal/"\n', 2, "holds the invisible character U+202E"),
    ('[tool.letter]\nsite_url = "https://x.org/\\u0000/"\n', 2, "holds the invisible character U+0000"),
    ('[tool.letter]\nmoved = "pt"\n', 2, "moved must be a table of old locale codes and new ones"),
    ('[tool.letter]\nmoved = { pt = 3 }\n', 2, 'moved: pt = 3: write the locale code the edition has now'),
    ('[tool.letter]\nmoved = { pt = "pt" }\n', 2, "names the same edition twice"),
    ('[tool.letter]\nmoved = { pt_PT = "pt-PT" }\n', 2, "names the same edition twice"),
    ('[tool.letter]\nmoved = { "x!" = "pt-PT" }\n', 2, "'x!' is not a locale code"),
    ('[tool.letter]\npublished = ["de"]\n\n[tool.letter.moved]\npt = "pt-PT"\nde = "de-CH"\n', 6,
     "moved: de is also listed as published; an address holds either an edition or a redirect"),
    ('[tool.letter.moved]\npt = "pt-PT"\n"pt-BR" = 3\n', 3, 'moved: pt-BR = 3: write the locale code'),
    ('[project]\nname = "x"\n\n[tool.lettre]\npublished = ["fr"]\n', 4,
     "[tool.lettre] is read by no tool here: the settings of the letter go in [tool.letter]"),
    ('[tool.ruff]\nline-length = 99\n[tool.letters.checks]\nnumbers = "off"\n', 3, "[tool.letters] is read by no tool"),
    # Deeper than tomllib's recursion can follow: it fails with a RecursionError, not a TOMLDecodeError.
    ('[tool.letter]\nidentical = ' + "[" * 100_000 + "\n", None,
     "not valid TOML: lists or tables nested deeper than can be read; close each '[' and '{' where its value ends"),
])
def test_bad_settings(tmp_path, body, line, fragment):
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, body))
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_a_file_setting_that_names_a_folder_is_an_error_at_its_line(tmp_path):
    (tmp_path / "source").mkdir()
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, '[tool.letter]\nlocales = "locales"\nsource = "source"\n'))
    assert caught.value.line == 3
    assert caught.value.message == ("[tool.letter] source = 'source' names a folder, where the letter's Markdown file "
                                    "is expected; name the file, such as 'source/letter.md'")


@pytest.mark.parametrize(("locales", "said"), [
    ("notes.txt", "names a file"),
    ("notes.txt/catalogs", "leads through a file"),
])
def test_a_locales_setting_that_names_a_file_is_an_error_at_its_line(tmp_path, locales, said):
    """Every command reads the catalogs from it: `letter check` said each published locale had no folder there,
    and `letter update` told to run `letter extract`, which then failed on it."""
    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, f'[tool.letter]\nsource = "letter.md"\nlocales = "{locales}"\n'))
    assert caught.value.line == 3
    assert caught.value.message == (f"[tool.letter] locales = {locales!r} {said}, where a folder of the catalogs' own "
                                    "is expected; name one, such as 'locales'")


@pytest.mark.parametrize(("body", "looped", "line"), [
    ('[tool.letter]\nlocales = "catalogs"\n', "catalogs", 2),
    ('[tool.letter]\noutput = "site/www"\n', "site", 2),
    ("[project]\nname = 'x'\n", "source", None),  # the default source/letter.md, through a looped source/
])
def test_a_setting_s_path_through_a_loop_of_links_is_an_error_at_its_line(tmp_path, body, looped, line):
    """Path.resolve raises RuntimeError for a loop (until Python 3.13): every command stopped with a traceback."""
    (tmp_path / looped).symlink_to(looped)
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, body))
    assert caught.value.line == line
    assert caught.value.message.endswith("cannot be reached: a symbolic link on the way leads round in a loop of "
                                         "links; replace the link with the folder or file, or point it at one that "
                                         "exists")


def test_a_project_folder_in_a_loop_of_links_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(InputError, match="^the project folder .*loop cannot be reached: a symbolic link on the way"):
        load_config(tmp_path / "loop")
    monkeypatch.chdir(tmp_path)
    assert find_root(Path("loop")) == Path("loop")  # not taken for a folder: load_config says why


def test_bad_settings_exit_2_from_the_command(project):
    project.edit("pyproject.toml", "published = []", 'published = "fr"')
    result = project.run("build")
    assert result.exit_code == 2
    assert "pyproject.toml:" in result.stderr and "published must be a list" in result.stderr


def test_a_folder_inside_the_project_passed_to_C_names_the_project(project):
    """`letter -C source status`, as `git -C source status` works: the folder holds no settings, but the project
    above it does, and the error names that folder to pass rather than leave the editor to guess."""
    from click.testing import CliRunner

    from pipeline.cli import main
    result = CliRunner().invoke(main, ["-C", str(project.path("source")), "status"])
    assert result.exit_code == 2
    assert (f"cannot read the project settings in {project.path('source').resolve()} (No such file or directory); "
            f"it is a folder of the project in {project.root.resolve()}: pass --project {project.root.resolve()}, "
            "or leave -C out when the command is run inside it") in result.stderr


def test_no_project_here(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "build"])
    assert result.exit_code == 2
    assert f"cannot read the project settings in {tmp_path.resolve()}" in result.stderr
    assert "pass --project DIR" in result.stderr
    # Another project's folder: a pyproject.toml without [tool.letter], and no letter where the default says.
    write(tmp_path, "[project]\nname = 'x'\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 2
    assert result.stderr == ("pyproject.toml: error: has no [tool.letter] table, and the default letter "
                             "source/letter.md is not there: is this the letter's project? Run the command in its "
                             "folder, or pass --project DIR\n")


def test_a_project_folder_that_does_not_exist_is_said_to_be_missing(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main
    result = CliRunner().invoke(main, ["-C", str(tmp_path / "nope"), "status"])
    assert (result.exit_code, result.stderr) == (2, f"letter: error: the project folder {tmp_path / 'nope'} does "
                                                    "not exist; pass --project the folder of the letter's "
                                                    "pyproject.toml, or start a letter there with `letter new "
                                                    f"{tmp_path / 'nope'}`\n")


def test_input_errors_cross_process_boundaries():
    import pickle
    error = InputError("locales/fr/LC_MESSAGES/letter.po", 12, "unterminated string")
    again = pickle.loads(pickle.dumps(error))
    assert (again.path, again.line, again.message) == (error.path, error.line, error.message)
    assert again.report() == "locales/fr/LC_MESSAGES/letter.po:12: error: unterminated string"


def test_revised_chooses_to_withdraw_or_show_the_last_reviewed_text(tmp_path):
    assert not load_config(write(tmp_path, "[tool.letter]\n")).withdraw_revised
    assert load_config(write(tmp_path, '[tool.letter]\nrevised = "withdraw"\n')).withdraw_revised
    with pytest.raises(InputError) as error:
        load_config(write(tmp_path, '[tool.letter]\n\nrevised = "hide"\n'))
    assert error.value.line == 3 and "'last-reviewed' or 'withdraw'" in error.value.message


def test_moved_editions_are_named_by_their_canonical_tags(tmp_path):
    """The old tag names the folder the edition was published in, as the build names folders."""
    config = load_config(write(tmp_path, '[tool.letter]\nmoved = { pt = "pt_PT", zh_Hans_CN = "zh-Hans" }\n'))
    assert config.moved == {"pt": "pt-PT", "zh-Hans-CN": "zh-Hans"}


def test_a_tool_table_named_otherwise_is_no_error(tmp_path):
    assert load_config(write(tmp_path, '[tool.ruff]\n[tool.black]\n')).published == ()
