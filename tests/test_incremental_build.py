"""Incremental builds: only what changed is rendered again, and the output is always that of a full build."""
from __future__ import annotations

import builtins
import os
import shutil
from pathlib import Path

import pytest

from pipeline import build, po
from pipeline.build import manifest, site, source
from pipeline.build.source import read_source
from pipeline.config import load_config
from pipeline.source import read_configured


@pytest.fixture
def published(shipped):
    """The shipped project: English and the seven reviewed translations."""
    return shipped


def run(project, **options) -> build.BuildResult:
    config = load_config(project.root)
    return build.run(config, read_configured(config), **options)


def files(root: Path) -> dict[str, bytes]:
    """The output, but for the manifest: the build's own record, with the files' modification times."""
    output = root / "output"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*")
            if p.is_file() and p.name != manifest.MANIFEST}


def from_scratch(project, tmp_path: Path) -> dict[str, bytes]:
    """What a build into an empty output folder writes, for comparison."""
    copy = tmp_path / "scratch"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("output"))
    config = load_config(copy)
    build.run(config, read_configured(config))
    return files(copy)


def test_a_second_build_renders_nothing_and_writes_nothing(published):
    first = run(published)
    assert set(first.rendered) == {e.locale.tag for e in first.editions}
    before = files(published.root)
    second = run(published)
    assert second.rendered == ()
    assert second.written == ()
    assert files(published.root) == before
    assert [e.locale.tag for e in second.editions] == [e.locale.tag for e in first.editions]


def test_a_build_given_the_letter_as_read_and_one_that_reads_it_agree(published):
    """``letter serve`` keeps the letter between builds; neither it nor ``letter build`` after it
    renders every edition again, and a source file saved between them is seen by both."""
    config = load_config(published.root)
    build.run(config)
    given = read_source(config)
    assert build.run(config, given).rendered == ()
    assert manifest.Manifest.read(config.output).source == given.record
    assert build.run(config).rendered == ()

    published.edit("source/letter.md", "date: 2020-05-26", "date: 2020-05-27")  # shown by every edition
    changed = read_source(config)
    assert changed.record != given.record
    assert set(build.run(config, changed).rendered) == {"en"} | set(config.published)
    assert build.run(config).rendered == ()


def test_a_changed_catalog_renders_its_edition_only(published, tmp_path):
    run(published)
    loaded = po.load(published.catalog("fr"))
    entry = next(e for e in loaded if e.msgid == "Signatories")
    entry.msgstr = "Les signataires"
    po.save(loaded, published.catalog("fr"))
    result = run(published)
    assert result.rendered == ("fr",)
    assert "fr/index.html" in result.written
    assert "Les signataires" in (published.root / "output/fr/index.html").read_text(encoding="utf-8")
    assert files(published.root) == from_scratch(published, tmp_path)


def test_the_build_says_which_editions_it_made_again(published):
    """An editor sees what a build changed: every edition made again, one, or none."""
    assert "up to date" not in published.ok("build").stdout
    assert published.ok("build").stdout.rstrip().endswith("; all up to date")
    loaded = po.load(published.catalog("fr"))
    next(e for e in loaded if e.msgid == "Signatories").msgstr = "Les signataires"
    po.save(loaded, published.catalog("fr"))
    assert published.ok("build").stdout.rstrip().endswith("; made again: fr (the others were up to date)")


def test_a_catalog_saved_unchanged_renders_nothing(published, monkeypatch):
    """Its new modification time makes the build hash it, and the same hash spares parsing it."""
    run(published)
    path = published.catalog("de")
    path.write_bytes(path.read_bytes())
    parsed: list[str] = []
    original = po.parse_translations
    monkeypatch.setattr(po, "parse_translations",
                        lambda data, where, *note: parsed.append(where) or original(data, where, *note))
    assert run(published, jobs=1).rendered == ()
    assert parsed == []


def test_a_changed_setting_renders_every_edition(published, tmp_path):
    first = run(published)
    published.edit("pyproject.toml", 'site_url = "https://letter.example.org/"',
                   'site_url = "https://letter.example.net/"')
    result = run(published)
    assert set(result.rendered) == {e.locale.tag for e in first.editions}
    assert files(published.root) == from_scratch(published, tmp_path)


def test_changed_templates_or_code_render_every_edition(published, monkeypatch):
    first = run(published)
    monkeypatch.setattr(manifest, "code_digest", lambda: "another version of the templates")
    assert set(run(published).rendered) == {e.locale.tag for e in first.editions}


def test_a_changed_letter_renders_every_edition(published, tmp_path):
    first = run(published)
    published.edit("source/letter.md", "date: 2020-05-26", "date: 2020-05-27")  # in every byline
    assert set(run(published).rendered) == {e.locale.tag for e in first.editions}
    assert files(published.root) == from_scratch(published, tmp_path)


def test_a_deleted_or_edited_output_file_is_written_again(published, tmp_path):
    run(published)
    (published.root / "output/de/letter.txt").unlink()
    (published.root / "output/es/index.html").write_text("edited by hand", encoding="utf-8")
    result = run(published)
    assert sorted(result.rendered) == ["de", "es"]
    assert sorted(result.written) == ["de/letter.txt", "es/index.html"]
    assert files(published.root) == from_scratch(published, tmp_path)


def test_an_edition_no_longer_published_is_rebuilt_everywhere(published, tmp_path):
    """Every edition links to every other: taking one down changes them all."""
    published.edit("pyproject.toml", '"pt-PT", ', "")
    run(published)
    loaded = po.load(published.catalog("pt-PT"))
    loaded[3].msgstr = ""
    po.save(loaded, published.catalog("pt-PT"))
    result = run(published)
    assert "pt-PT" not in {e.locale.tag for e in result.editions}
    assert set(result.rendered) == {e.locale.tag for e in result.editions}
    assert not (published.root / "output/pt-PT/index.html").exists()
    assert files(published.root) == from_scratch(published, tmp_path)


def test_an_edition_newly_published_is_rendered_once_and_linked_everywhere(published, tmp_path):
    """Its catalog is read and its edition rendered at once; the others, whose catalogs did not
    change, are rendered again for the new link, and all is as a build from scratch."""
    loaded = po.load(published.catalog("pt-PT"))
    translation, loaded[3].msgstr = loaded[3].msgstr, ""
    po.save(loaded, published.catalog("pt-PT"))
    first = run(published)
    assert "pt-PT" not in {e.locale.tag for e in first.editions}
    loaded[3].msgstr = translation
    po.save(loaded, published.catalog("pt-PT"))
    result = run(published)
    assert sorted(result.rendered) == sorted(e.locale.tag for e in result.editions) and "pt-PT" in result.rendered
    assert 'hreflang="pt-PT"' in (published.root / "output/de/index.html").read_text(encoding="utf-8")
    assert 'hreflang="de"' in (published.root / "output/pt-PT/index.html").read_text(encoding="utf-8")
    assert files(published.root) == from_scratch(published, tmp_path)


def test_an_edition_whose_tag_changed_leaves_a_redirect_at_its_old_address(published, tmp_path):
    """``moved = { pt = "pt-PT" }``: the Portuguese edition once published at pt/ is taken down
    there, and a page sending readers on to pt-PT/ takes its place."""
    old = published.root / "output" / "pt"
    old.mkdir(parents=True)
    for name in build.EDITION_FILES:
        (old / name).write_text("the edition as it was published before", encoding="utf-8")
    result = run(published)
    assert sorted(path.name for path in old.iterdir()) == ["index.html"]
    page = (old / "index.html").read_text(encoding="utf-8")
    assert '<html lang="pt-PT" dir="ltr">' in page
    assert '<meta http-equiv="refresh" content="0; url=../pt-PT/">' in page
    assert '<link rel="canonical" href="https://letter.example.org/pt-PT/">' in page
    assert '<a href="../pt-PT/" hreflang="pt-PT">Português (Portugal)</a>' in page
    assert "pt/index.html" in result.written and {"pt/letter.txt", "pt/letter.pdf"} <= set(result.removed)
    assert result.unsent == ()
    assert files(published.root) == from_scratch(published, tmp_path)
    assert run(published).written == ()


def test_an_address_no_longer_moved_is_taken_down(published, tmp_path):
    run(published)
    assert (published.root / "output/pt/index.html").is_file()
    published.edit("pyproject.toml", 'moved = { pt = "pt-PT" }', "")
    result = run(published)
    assert result.removed == ("pt/index.html",)
    assert not (published.root / "output/pt").exists()
    assert files(published.root) == from_scratch(published, tmp_path)


def test_an_old_address_whose_edition_is_not_made_sends_no_one_on(published):
    """Where the edition it moved to is not online, the old address gets no page, and the build says so."""
    published.edit("pyproject.toml", '"pt-PT", ', "")
    loaded = po.load(published.catalog("pt-PT"))
    loaded[3].msgstr = ""
    po.save(loaded, published.catalog("pt-PT"))
    result = published.ok("build")
    assert "pt: warning: [tool.letter] moved sends pt/ to pt-PT/, which this build did not make" in result.stderr
    assert not (published.root / "output/pt").exists()


def test_an_old_address_that_is_an_edition_of_the_build_stays_the_edition():
    """A draft build (``letter serve``) may make an edition of the old tag: it keeps its address."""
    from pipeline.locales import parse_locale
    from pipeline.render import Alternate

    editions = tuple(Alternate(parse_locale(tag), f"{tag}/") for tag in ("pt", "pt-PT"))
    sent, unsent = site.redirects({"pt": "pt-PT"}, editions)
    assert sent == {} and unsent == ("pt: warning: [tool.letter] moved sends pt/ to pt-PT/, but pt is an edition "
                                     "of this build, which keeps its address",)
    assert site.redirects({"pt": "pt-PT"}, editions[1:]) == ({"pt": editions[1]}, ())


def test_files_the_build_did_not_make_are_left_alone(published):
    """An output folder shared with a site's own pages (GitHub Pages' docs/, say): a badge, or a folder
    laid out like an edition, that no build made stays when editions are taken down around it."""
    theirs = {"badges/coverage.svg": "<svg/>", "manual/index.html": "<p>the manual</p>",
              "manual/letter.txt": "notes", "fr/notes.txt": "a reviewer's notes"}
    for name, text in theirs.items():
        (published.root / "output" / name).parent.mkdir(parents=True, exist_ok=True)
        (published.root / "output" / name).write_text(text, encoding="utf-8")
    run(published)
    published.edit("pyproject.toml", '"fr", ', "")
    loaded = po.load(published.catalog("fr"))
    loaded[3].msgstr = ""
    po.save(loaded, published.catalog("fr"))
    result = run(published)
    assert {"fr/index.html", "fr/letter.txt"} <= set(result.removed)
    assert {name: (published.root / "output" / name).read_text(encoding="utf-8") for name in theirs} == theirs


def test_an_edition_made_under_another_version_of_the_record_is_still_taken_down(published):
    run(published)
    record = published.root / "output" / manifest.MANIFEST
    record.write_text(record.read_text(encoding="utf-8").replace(
        f'"version": {manifest.MANIFEST_VERSION}', '"version": 1'), encoding="utf-8")
    published.edit("pyproject.toml", '"pt-PT", ', "")
    loaded = po.load(published.catalog("pt-PT"))
    loaded[3].msgstr = ""
    po.save(loaded, published.catalog("pt-PT"))
    result = run(published)
    assert "pt-PT/index.html" in result.removed and not (published.root / "output/pt-PT").exists()


def test_a_project_copied_elsewhere_makes_nothing_again(published, tmp_path):
    """CI restoring output/ into another workspace, a project cloned or moved: the letter is the same,
    and no edition (nor its PDF, which a --no-pdf build would have taken down) is made again."""
    build.run(load_config(published.root))
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(published.root, elsewhere)
    config = load_config(elsewhere)
    again = build.run(config)
    assert again.rendered == () and again.written == () and again.removed == ()


def test_without_a_record_nothing_is_taken_down_and_the_build_says_so(published):
    """The record lost (a CI cache that drops dotfiles, say): the build cannot tell its own files from
    others' and takes none down, and says that an edition no longer published may still be there."""
    assert "no record of the last build" not in published.ok("build").stderr  # a first build: nothing to say
    published.path("output/.letter-build.json").unlink()
    said = published.ok("build").stderr
    assert ("letter: warning: output/ had files but no record of the last build (.letter-build.json), so nothing "
            "in it was taken down") in said
    assert "no record of the last build" not in published.ok("build").stderr


def _ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


def test_a_first_build_stopped_half_way_leaves_a_record_of_its_own(published, monkeypatch):
    """Ctrl-C during the first build: the build run again does the rest, without saying that output/
    holds files it cannot tell for its own."""
    from pipeline.build import site

    with monkeypatch.context() as patched:
        patched.setattr(site, "write_site_pages", _ctrl_c)  # after the editions are written
        assert published.run("build").exit_code == 130
    assert published.path("output/fr/index.html").is_file()
    said = published.ok("build").stderr
    assert "no record of the last build" not in said
    assert published.path("output/index.html").is_file()


def test_what_a_stopped_first_build_wrote_is_taken_down_when_no_longer_made(published, monkeypatch):
    """A first build with drafts, stopped once its editions are written: the next build, without drafts,
    takes down the drafts it wrote, as it would had the first recorded them."""
    from pipeline.build import site

    published.ok("init", "it")
    with monkeypatch.context() as patched:
        patched.setattr(site, "write_site_pages", _ctrl_c)
        assert published.run("build", "--drafts").exit_code == 130
    assert published.path("output/it/index.html").is_file()
    # What the editor put there meanwhile is theirs: a build takes down only what is named as it names its files.
    theirs = ("CNAME", ".nojekyll", "press/index.html", ".git/HEAD", "fr/notes.txt", "badges/ci.svg")
    for name in theirs:
        published.path(f"output/{name}").parent.mkdir(parents=True, exist_ok=True)
        published.path(f"output/{name}").write_text("theirs", encoding="utf-8")
    result = published.ok("build")
    assert not published.path("output/it").exists() and "no record of the last build" not in result.stderr
    assert published.path("output/fr/index.html").is_file()
    assert [name for name in theirs if not published.path(f"output/{name}").is_file()] == []


def test_a_first_build_failing_on_its_input_takes_nothing_of_the_editor_s_down(published):
    """A first build that stops at a slip in the source leaves its record saying it started; what the
    editor puts in output/ before the next build stays."""
    letter = published.path("source/signatories.yaml")
    good = letter.read_text(encoding="utf-8")
    letter.write_text(good + '- name: "Broken\n', encoding="utf-8")
    assert published.run("build").exit_code == 2
    published.path("output/CNAME").write_text("letter.example.org\n", encoding="utf-8")
    letter.write_text(good, encoding="utf-8")
    result = published.ok("build")
    assert published.path("output/CNAME").is_file() and "removed" not in result.stdout


def test_a_broken_manifest_means_a_full_build(published, tmp_path):
    first = run(published)
    (published.root / "output" / manifest.MANIFEST).write_text("{not json", encoding="utf-8")
    assert set(run(published).rendered) == {e.locale.tag for e in first.editions}
    assert files(published.root) == from_scratch(published, tmp_path)


def test_one_process_and_many_give_the_same_files(published, tmp_path):
    run(published, jobs=1)
    one = files(published.root)
    shutil.rmtree(published.root / "output")
    run(published, jobs=4)
    assert files(published.root) == one


def test_a_second_build_reads_no_catalog_and_no_output_file(published, monkeypatch):
    """Files whose size and modification time are the recorded ones are not read again."""
    run(published)
    read: list[str] = []
    original_read_bytes, original_open = Path.read_bytes, builtins.open

    def read_bytes(path: Path) -> bytes:
        read.append(path.name)
        return original_read_bytes(path)

    def opened(file, *args, **kwargs):
        read.append(os.fspath(file) if isinstance(file, (str, os.PathLike)) else "")
        return original_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(builtins, "open", opened)
    result = run(published, jobs=1)
    assert result.rendered == () and result.written == ()
    assert not [name for name in read if name.endswith((".po", ".html", ".txt", ".svg", ".css"))], read


def test_a_second_build_loads_no_locale_data(published, monkeypatch):
    """Loading every locale's names from CLDR is most of a no-op build's time: it is done only
    when a catalog changed, ahead of the editions that then need them."""
    run(published)
    monkeypatch.setattr(build.render, "preload", lambda locales: pytest.fail("locale data loaded"))
    assert run(published).rendered == ()


@pytest.mark.parametrize("resaved", [False, True], ids=["untouched", "saved unchanged"])
def test_a_build_from_unchanged_sources_does_not_read_the_letter(published, monkeypatch, resaved):
    """Read from its files, the letter is parsed only when something is made from it. A source
    file saved with the same bytes has a new modification time, which makes the build hash it:
    the same bytes make the same letter."""
    config = load_config(published.root)
    build.run(config)
    if resaved:
        signatories = published.root / "source/signatories.yaml"
        signatories.write_bytes(signatories.read_bytes())
    monkeypatch.setattr(source, "read_configured", lambda *args, **kwargs: pytest.fail("the letter was read"))
    assert build.run(config).rendered == ()


def test_an_edited_source_file_is_read_and_rebuilt_from(published, tmp_path):
    """The role is a new message that no catalog translates yet: every published edition is made
    again, showing it in English, and stays online."""
    config = load_config(published.root)
    first = build.run(config)
    signatories = published.root / "source/signatories.yaml"
    signatories.write_text(signatories.read_text(encoding="utf-8").replace("role: Former President",
                                                                         "role: Past President", 1), encoding="utf-8")
    second = build.run(config)
    assert second.rendered == tuple(e.locale.tag for e in first.editions) and second.editions == first.editions
    for tag in ("en", "fr"):
        assert "Past President" in (published.root / f"output/{tag}/letter.txt").read_text(encoding="utf-8")
    assert files(published.root) == from_scratch(published, tmp_path)


def test_an_output_file_edited_to_the_same_size_is_written_again(published, tmp_path):
    run(published)
    page = published.root / "output/fr/letter.txt"
    text = page.read_bytes()
    page.write_bytes(text[:-2] + b"X\n")  # same size, new modification time
    result = run(published)
    assert result.rendered == ("fr",) and result.written == ("fr/letter.txt",)
    assert files(published.root) == from_scratch(published, tmp_path)


def test_site_pages_are_written_again_when_a_locale_progresses(published, tmp_path):
    # Not listed as published: a published locale that loses a review keeps its last edition (test_living_letter.py).
    published.edit("pyproject.toml", '"de", ', "")
    run(published)
    (published.root / "output/status.html").unlink()
    assert "status.html" in run(published).written
    loaded = po.load(published.catalog("de"))
    loaded[3].flags.append("fuzzy")
    po.save(loaded, published.catalog("de"))
    result = run(published)
    assert "badges/de.svg" in result.written and "status.html" in result.written
    assert files(published.root) == from_scratch(published, tmp_path)
