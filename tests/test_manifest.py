"""``manifest``: the build's record, read and written in the format of .letter-build.json version 11."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from itertools import chain
from pathlib import Path

import pytest

from pipeline import build
from pipeline.build import manifest
from pipeline.build.manifest import (
    MANIFEST,
    MANIFEST_VERSION,
    CatalogRecord,
    EditionRecord,
    FileRecord,
    Manifest,
    SiteRecord,
    SourceRecord,
    file_record,
    stat_record,
    unchanged,
)
from pipeline.config import load_config
from pipeline.progress import Progress
from pipeline.source import read_configured

#: A record as the build wrote it before the record was typed (``json.dumps(indent=1, sort_keys=True)``).
WRITTEN = """{
 "catalogs": {
  "fr": {
   "letter": "7e70",
   "mtime_ns": 1796394002944433371,
   "progress": {
    "draft": 1,
    "interface_lines": 0,
    "machine_drafts": 0,
    "missing": 0,
    "names": 0,
    "paragraphs": 1,
    "reviewed": 82,
    "revised_on": "2026-12-04",
    "shown_in_english": 0,
    "signatory_parts": 0,
    "untranslated": 0
   },
   "reviewed": {
    "mtime_ns": 1796394002944433372,
    "sha256": "9b1c",
    "size": 310
   },
   "sha256": "2a08",
   "size": 26514
  }
 },
 "editions": {
  "en": {
   "content": "c0",
   "draft": false,
   "files": {
    "en/index.html": {
     "mtime_ns": 1796394003000000000,
     "sha256": "e1",
     "size": 30000
    },
    "en/letter.pdf": {
     "mtime_ns": 1796394003000000003,
     "sha256": "e3",
     "size": 90000
    },
    "en/letter.txt": {
     "mtime_ns": 1796394003000000001,
     "sha256": "e2",
     "size": 9000
    }
   },
   "fingerprint": "f0",
   "fonts": "t0",
   "pdf": "p0"
  },
  "fr": {
   "content": "c1",
   "draft": true,
   "files": {},
   "fingerprint": "f1",
   "fonts": null,
   "pdf": null
  }
 },
 "site": {
  "files": {
   "index.html": {
    "mtime_ns": 1796394003000000002,
    "sha256": "i1",
    "size": 2000
   }
  },
  "fingerprint": "s0"
 },
 "source": {
  "letter": "7e70",
  "state": [
   "code",
   "/project",
   [
    "/project/source/letter.md",
    4000,
    1796394001000000000
   ],
   [
    "/project/source/signatories.yaml",
    None,
    None
   ]
  ]
 },
 "version": 11
}
""".replace("None", "null")


def test_a_record_reads_as_typed_and_writes_back_byte_identical(tmp_path: Path):
    (tmp_path / MANIFEST).write_text(WRITTEN, encoding="utf-8")
    record = Manifest.read(tmp_path)
    assert record.catalogs == {"fr": CatalogRecord(FileRecord("2a08", 26514, 1796394002944433371), "7e70",
                                                   Progress(reviewed=82, draft=1, untranslated=0, paragraphs=1,
                                                            revised_on="2026-12-04"),
                                                   FileRecord("9b1c", 310, 1796394002944433372))}
    assert record.editions["en"] == EditionRecord("c0", "f0", {
        "en/index.html": FileRecord("e1", 30000, 1796394003000000000),
        "en/letter.pdf": FileRecord("e3", 90000, 1796394003000000003),
        "en/letter.txt": FileRecord("e2", 9000, 1796394003000000001)}, "p0", fonts="t0")
    assert record.editions["fr"].pdf is None and record.editions["fr"].draft  # a draft, without a PDF
    assert record.site == SiteRecord("s0", {"index.html": FileRecord("i1", 2000, 1796394003000000002)})
    assert record.source == SourceRecord(["code", "/project", ["/project/source/letter.md", 4000, 1796394001000000000],
                                          ["/project/source/signatories.yaml", None, None]], "7e70")
    again = tmp_path / "again"
    record.write(again)
    assert (again / MANIFEST).read_text(encoding="utf-8") == WRITTEN


def test_a_build_given_its_letter_records_no_source(shipped):
    """It cannot tell whether the source files changed: the next build given none reads them."""
    config = load_config(shipped.root)
    build.run(config, read_configured(config))
    assert json.loads(shipped.path(f"output/{MANIFEST}").read_text(encoding="utf-8"))["source"] == {}
    assert Manifest.read(config.output).source is None
    build.run(config)
    assert Manifest.read(config.output).source == SourceRecord(manifest.source_state(config),
                                                               manifest.source_digest(config))


#: What WRITTEN says the last build made.
MADE = frozenset(chain.from_iterable(group["files"] for group in (*json.loads(WRITTEN)["editions"].values(),
                                                                  json.loads(WRITTEN)["site"])))


@pytest.mark.parametrize(("text", "made"), [
    ("{not json", set()),
    ("[]", set()),
    (WRITTEN.replace('"version": 11', '"version": 2'), MADE),
    (WRITTEN.replace('"version": 11', '"version": "3"'), MADE),
    ('{"version": 11, "catalogs": []}', set()),
    ('{"version": 11, "editions": {"en": {"content": "c0"}}}', set()),
    ('{"version": 11, "site": {"fingerprint": "s0", "files": {"index.html": "i1"}}}', {"index.html"}),
    ('{"version": 11, "catalogs": {"fr": {"letter": "7e70", "progress": {"done": 1}, "sha256": "2a08", "size": 1, '
     '"mtime_ns": 1}}}', set()),
    (WRITTEN.replace('"reviewed": 82', '"reviewed": "82"'), MADE),
    (WRITTEN.replace('"size": 26514', '"size": [26514]'), MADE),
    (WRITTEN.replace('"draft": true', '"draft": null'), MADE),
    ("[" * 100_000, set()),
], ids=["not JSON", "a list", "another version", "a version as text", "catalogs as a list",
        "an edition's files missing", "a file as a string", "progress of other counts", "a count as text",
        "a size as a list", "an edition's draft as null", "nested deeper than json follows"])
def test_a_record_of_another_version_or_shape_is_empty_but_for_the_files_it_names(tmp_path: Path, text: str,
                                                                                  made: set[str]):
    """Everything is made again, and the files the record names are still taken down when not made; a
    record that is not JSON, or not an object, is none (``found``: the build says it took nothing down)."""
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    read = Manifest.read(tmp_path)
    assert replace(read, made=frozenset(), found=False) == Manifest()
    assert read.made == made
    assert read.found == (text not in ("{not json", "[]", "[" * 100_000))


def test_a_record_names_only_files_inside_the_output(tmp_path: Path):
    (tmp_path / MANIFEST).write_text(json.dumps({"version": 1, "editions": {"fr": {"files": {
        "fr/index.html": {}, "../source/letter.md": {}, "/etc/passwd": {}, "": {}}}}}), encoding="utf-8")
    assert Manifest.read(tmp_path).made == {"fr/index.html"}


def test_no_record_is_empty(tmp_path: Path):
    assert Manifest.read(tmp_path / "missing") == Manifest()


def test_a_record_is_not_rewritten_unchanged(tmp_path: Path):
    (tmp_path / MANIFEST).write_text(WRITTEN, encoding="utf-8")
    os.utime(tmp_path / MANIFEST, ns=(1, 1))
    Manifest.read(tmp_path).write(tmp_path)
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == 1


def test_a_file_of_the_recorded_size_and_time_is_taken_as_recorded_and_any_other_is_hashed(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>one</p>")
    known = FileRecord.written(path, b"<p>one</p>")
    assert stat_record(path, known) == known
    assert stat_record(path, FileRecord("other", known.size, known.mtime_ns)).sha256 == "other"  # not read
    path.write_bytes(b"<p>two</p>")  # the same size, another time
    os.utime(path, ns=(known.mtime_ns + 1, known.mtime_ns + 1))
    assert stat_record(path, known) is None
    assert file_record(path, known) == FileRecord.written(path, b"<p>two</p>")
    assert unchanged(tmp_path, {"page.html": known}) is None
    assert stat_record(tmp_path / "gone", known) is None and file_record(tmp_path / "gone", known) is None


def test_unchanged_files_get_their_current_records(tmp_path: Path):
    path = tmp_path / "a" / "letter.txt"
    path.parent.mkdir()
    path.write_bytes(b"text\n")
    known = FileRecord.written(path, b"text\n")
    os.utime(path, ns=(known.mtime_ns + 5, known.mtime_ns + 5))  # touched, not changed
    assert unchanged(tmp_path, {"a/letter.txt": known}) == {"a/letter.txt": FileRecord(known.sha256, 5,
                                                                                       known.mtime_ns + 5)}


def test_the_build_s_record_names_every_file_it_wrote(shipped):
    shipped.ok("build")
    output = shipped.path("output")
    record = Manifest.read(output)
    assert set(record.editions) == {"en", "ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans"}
    for tag, edition in record.editions.items():
        assert set(edition.files) == {f"{tag}/index.html", f"{tag}/letter.txt"}
    assert {"index.html", "status.html", "style.css", "badges/fr.svg"} <= set(record.site.files)
    for name, file in [*record.site.files.items(), *(f for e in record.editions.values() for f in e.files.items())]:
        assert file == FileRecord.written(output / name, (output / name).read_bytes())
    assert {tag: r.progress.publishable for tag, r in record.catalogs.items()} == dict.fromkeys(
        ["ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans"], True)
    assert record.source.state == manifest.source_state(load_config(shipped.root))


def test_a_record_of_another_version_rebuilds_everything(shipped):
    first = shipped.ok("build").stdout
    path = shipped.path(f"output/{MANIFEST}")
    path.write_text(path.read_text(encoding="utf-8").replace(f'"version": {MANIFEST_VERSION}', '"version": 2'),
                    encoding="utf-8")
    result = build.run(load_config(shipped.root))
    assert set(result.rendered) == {e.locale.tag for e in result.editions} and result.written == ()
    assert "built 8 editions" in first


def test_the_code_digest_covers_the_modules_of_subpackages(tmp_path: Path):
    """An edited ``pipeline/po/read.py`` changes the code's digest, and so every edition's fingerprint."""
    for name in ("build.py", "po/__init__.py", "po/read.py", "templates/letter.html.j2", "__pycache__/build.pyc",
                 "schemas/findings.schema.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [name for name, _ in manifest._modules(tmp_path)] == ["build.py", "po/__init__.py", "po/read.py"]
