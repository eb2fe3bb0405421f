"""A copy of the project with an edition in every script the letter is published in.

The browser and HTML-validity tests, and ``tools/screenshots.py --sample``, need
editions in Arabic, Chinese, Korean, Thai, Cyrillic, Devanagari and accented Latin. This builds them in a
folder of its own: it copies ``source/``, ``pyproject.toml`` and ``locales/`` of
the repository, keeps every translation the real catalogs have (a reviewed one
as it is, a draft as reviewed text, since only the script matters here) and fills
only what is still missing with stand-in text in the locale's script. Once the
real catalogs are complete, the editions are the real ones.

Two further locales, Persian and Hindi, are left half translated and built with ``--drafts``,
so draft editions with English fallbacks inside right-to-left text and beside Devanagari are there too.

    python tools/sample.py DIR     # makes DIR/ and builds DIR/output/
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Locales that are published, each with stand-in words in its own script.
PUBLISHED = {
    "fr": "Nous appelons les gouvernements du monde entier à agir immédiatement et de manière "
          "décisive pour mettre fin à toutes les cyberattaques contre les hôpitaux, les "
          "établissements de santé et de recherche médicale, ainsi que contre le personnel "
          "médical et les organisations internationales de santé publique.",
    "es": "Hacemos un llamamiento a los gobiernos del mundo para que adopten medidas inmediatas "
          "y decisivas a fin de detener todos los ciberataques contra hospitales, instalaciones "
          "sanitarias y de investigación médica, así como contra el personal médico y las "
          "organizaciones internacionales de salud pública.",
    "de": "Wir rufen die Regierungen der Welt dazu auf, sofort und entschlossen zu handeln, um "
          "alle Cyberangriffe auf Krankenhäuser, Gesundheitseinrichtungen und medizinische "
          "Forschungseinrichtungen sowie auf medizinisches Personal und internationale "
          "Organisationen des öffentlichen Gesundheitswesens zu stoppen.",
    "pt-PT": "Apelamos aos governos do mundo para que tomem medidas imediatas e decisivas para pôr "
          "fim a todos os ciberataques contra hospitais, instalações de saúde e de investigação "
          "médica, bem como contra o pessoal médico e as organizações internacionais de saúde "
          "pública.",
    "ru": "Мы призываем правительства всех стран мира принять немедленные и решительные меры, "
          "чтобы остановить все кибератаки на больницы, медицинские и научно-исследовательские "
          "учреждения, а также на медицинский персонал и международные организации "
          "здравоохранения.",
    "ar": "ندعو حكومات العالم إلى اتخاذ إجراءات فورية وحاسمة لوقف جميع الهجمات الإلكترونية على "
          "المستشفيات ومرافق الرعاية الصحية والبحوث الطبية، وكذلك على العاملين في المجال الطبي "
          "والمنظمات الدولية للصحة العامة.",
    "zh-Hans": "我们呼吁世界各国政府立即采取果断行动，制止一切针对医院、医疗卫生和医学研究机构"
               "以及医务人员和国际公共卫生组织的网络攻击。",
    "ko": "우리는 세계 각국 정부가 병원, 보건의료 및 의학 연구 시설은 물론 의료진과 국제 공중보건 기구에 대한 "
          "모든 사이버 공격을 막기 위해 즉각적이고 단호한 조치를 취할 것을 촉구합니다.",
    "th": "เราขอเรียกร้องให้รัฐบาลทั่วโลกดำเนินการอย่างเร่งด่วนและเด็ดขาด เพื่อยุติการโจมตีทางไซเบอร์ทั้งหมด "
          "ต่อโรงพยาบาล สถานพยาบาลและสถาบันวิจัยทางการแพทย์ ตลอดจนบุคลากรทางการแพทย์ "
          "และองค์การสาธารณสุขระหว่างประเทศ",
}
#: Locales left half translated: editions only with ``--drafts``.
DRAFTS = {
    "fa": "ما از دولت‌های جهان می‌خواهیم که فوراً و قاطعانه برای توقف همه حملات سایبری به "
          "بیمارستان‌ها و مراکز درمانی و پژوهشی و کارکنان پزشکی اقدام کنند.",
    "hi": "हम दुनिया की सरकारों से अस्पतालों, स्वास्थ्य सुविधाओं और चिकित्सा अनुसंधान संस्थानों के साथ-साथ "
          "चिकित्सा कर्मियों और अंतरराष्ट्रीय सार्वजनिक स्वास्थ्य संगठनों पर सभी साइबर हमलों को रोकने के "
          "लिए तत्काल और निर्णायक कार्रवाई करने का आह्वान करते हैं।",
}
#: Established local forms of a few names, so that a name in the edition's script is there too.
NAMES = {"zh-Hans": {"Ban Ki-moon": "潘基文"}, "ru": {"Mikhail Gorbachev": "Михаил Горбачёв"}}
#: How the brace patterns of the interface are written, where it is not the English way.
PATTERNS = {
    "ar": {"{role}, {organization}": "{role}، {organization}"},
    "fa": {"{role}, {organization}": "{role}، {organization}"},
    "zh-Hans": {"{role}, {organization}": "{role}，{organization}", "({honour})": "（{honour}）"},
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def standin(tag: str, msgid: str) -> str:
    """Words of the locale's script, about as long as ``msgid``, the same for the same message."""
    if msgid in PATTERNS.get(tag, {}):
        return PATTERNS[tag][msgid]
    pool = (PUBLISHED | DRAFTS)[tag]
    dense = tag.startswith(("zh", "ja"))
    words = list(pool.rstrip("。.")) if dense else pool.rstrip(".").replace(",", "").replace("،", "").split()
    placeholders = PLACEHOLDER.findall(msgid)
    if placeholders and PLACEHOLDER.fullmatch(PLACEHOLDER.sub("", msgid).strip(" ,()") or "{x}"):
        return msgid  # a pattern of placeholders and punctuation only: keep it as it is
    target = max(1, round(len(PLACEHOLDER.sub("", msgid)) * (0.4 if dense else 1.0)))
    start = int(hashlib.sha256(msgid.encode()).hexdigest(), 16) % len(words)
    out: list[str] = []
    while len(("" if dense else " ").join(out)) < target:
        out.append(words[(start + len(out)) % len(words)])
    text = ("" if dense else " ").join(out)
    if placeholders:  # interface patterns keep their placeholders, spread over the words
        sep = "" if dense else " "
        text = sep.join([text, *(f"{p}" for p in placeholders)])
    return text


def letter(root: Path, *args: str) -> str:
    """Run the project's ``letter`` command on ``root``; a failure stops with its output."""
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), *args],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"letter {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def make(root: Path, *, drafts: bool = True, pdfs: bool = False) -> Path:
    """Lay out the project in ``root`` (a new folder), fill its catalogs and build, with the PDFs
    when ``pdfs`` (some seconds more); return ``root/output``."""
    from pipeline import po
    from pipeline.locales import parse_locale

    root.mkdir(parents=True)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    if (ROOT / "locales").is_dir():
        shutil.copytree(ROOT / "locales", root / "locales")
    letter(root, "extract")

    def catalog(tag: str) -> Path:
        return root / "locales" / parse_locale(tag).posix / "LC_MESSAGES" / "letter.po"

    wanted = [*PUBLISHED, *(DRAFTS if drafts else ())]
    missing = [tag for tag in wanted if not catalog(tag).is_file()]
    if missing:
        letter(root, "init", *missing)
    letter(root, "update")
    for tag in wanted:
        path = catalog(tag)
        loaded = po.load(path)
        names = NAMES.get(tag, {})
        for index, entry in enumerate(e for e in loaded if not e.obsolete):
            if entry.msgctxt == "name":
                if not entry.msgstr and entry.msgid in names:
                    entry.msgstr = names[entry.msgid]
                continue
            if tag in DRAFTS:
                # Every other message a machine-like draft, the rest untranslated (shown in English).
                if not entry.msgstr and index % 2 == 0:
                    entry.msgstr = standin(tag, entry.msgid)
                    if "fuzzy" not in entry.flags:
                        entry.flags.insert(0, "fuzzy")
                continue
            if not entry.msgstr:
                entry.msgstr = standin(tag, entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgctxt = None
        po.save(loaded, path)
    letter(root, "build", *(["--drafts"] if drafts else []), *([] if pdfs else ["--no-pdf"]))
    return root / "output"


def expected_pages() -> list[str]:
    """The pages ``make`` builds, known before it runs: every locale of the repository's catalogs
    and of this sample, English, the index and the status page."""
    from pipeline.locales import parse_locale

    tags = {"en", *PUBLISHED, *DRAFTS}
    if (ROOT / "locales").is_dir():
        tags.update(parse_locale(path.parent.parent.name).tag
                    for path in (ROOT / "locales").glob("*/LC_MESSAGES/letter.po"))
    return [f"{tag}/index.html" for tag in sorted(tags)] + ["index.html", "status.html"]


def expected_redirects() -> list[str]:
    """The pages ``make`` writes at the old addresses of editions whose tag changed (``moved``)."""
    from pipeline.config import load_config

    return [f"{old}/index.html" for old in load_config(ROOT).moved]


def pages(output: Path) -> list[str]:
    """Every edition's page of a build, relative to ``output``, then index and status. An edition's
    folder holds its plain text too; an old address (``[tool.letter] moved``) holds only a redirect."""
    editions = sorted(p.parent.name for p in output.glob("*/letter.txt"))
    return [f"{tag}/index.html" for tag in editions] + ["index.html", "status.html"]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.rsplit("\n\n", 1)[-1])
    print(make(Path(sys.argv[1]), pdfs=True))
