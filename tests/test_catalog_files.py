"""Every catalog file the tool writes is one GNU gettext accepts and would write the same way."""
from __future__ import annotations

from pathlib import Path

from conftest import msgcat, msgfmt_check, needs_gettext

pytestmark = needs_gettext


def written_files(project) -> list[Path]:
    return [project.path("locales/letter.pot"), *sorted(project.path("locales").glob("*/LC_MESSAGES/*.po"))]


def assert_gettext_agrees(project) -> None:
    for path in written_files(project):
        checked = msgfmt_check(path)
        assert checked.returncode == 0, f"{path}: {checked.stderr}"
        assert msgcat(path) == path.read_bytes(), f"msgcat rewrites {path}"


def test_template_and_new_catalogs(extracted):
    extracted.ok("init", "fr", "ar", "zh-Hans", "ru")
    assert_gettext_agrees(extracted)


def test_translated_and_updated_catalogs(extracted):
    extracted.ok("init", "fr", "ar")
    extracted.translate("fr", lambda e: f"« {e.msgid} » avec un texte bien plus long " * 3)
    extracted.translate("ar", lambda e: f"ترجمة {e.msgid}\nسطر ثان", fuzzy=True)
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is now, together.")
    extracted.edit("source/signatories.yaml", "- name: Brad Smith\n  role:\n    text: President\n"
                   "    sense: of a company\n  affiliation: Microsoft\n\n", "")
    extracted.edit("source/signatories.yaml", "  role: Former Taoiseach\n", "  role: Former Taoiseach of Ireland\n")
    extracted.ok("extract")
    extracted.ok("update")
    text = extracted.catalog("fr").read_text(encoding="utf-8")
    assert "#| msgid" in text and "#~ msgid" in text
    assert_gettext_agrees(extracted)


def test_saves_leave_no_temporary_files(extracted):
    extracted.ok("init", "fr")
    extracted.translate("fr", lambda e: e.msgid)
    extracted.ok("update")
    leftovers = [p.name for p in extracted.path("locales").rglob("*") if p.name.startswith(".")]
    assert leftovers == []
