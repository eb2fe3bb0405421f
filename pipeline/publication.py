"""What a published edition shows while a message awaits review, and what it waits for.

Whether a locale is online follows from the counts made here (``progress.Progress.online``).

The rules of a letter that lives after publication:

* A locale goes online the first time only when every required message is reviewed.
* A locale listed in ``published`` stays online while messages added or changed since
  await review: a signatory's part or an interface word is shown in English (marked
  as English); a paragraph or the title whose English was revised shows the
  translation last reviewed for it (kept by ``letter update`` in the record beside
  the catalog, see ``reviewed``) under a notice, and a paragraph added since is shown
  in English under the same notice. Paragraphs joined show their translations joined;
  a paragraph split off shows nothing while the translation last reviewed of the one it
  was split off, which says it, is shown. With ``revised = "withdraw"`` such an edition is
  taken offline instead until the paragraph is reviewed.
* A machine draft, or any translation not reviewed, is never shown by a published edition.

Everything here is a pure function of the letter's units, a catalog's strings and its
record; ``catalog_checks``, ``letter status`` and the build all ask the same questions here.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import Enum

from pipeline.interface import BRACE_FORMAT, keeps_placeholders
from pipeline.markup import faithful
from pipeline.model import Key, Message, is_required, translated
from pipeline.po import Strings
from pipeline.progress import Progress
from pipeline.reviewed import Record, Revision


class Awaiting(str, Enum):
    """Why a published edition shows something other than a reviewed translation."""

    LINE = "line"          # a signatory's part or an interface word: shown in English
    NAME = "name"          # a name whose translation is a draft: shown as the English writes it
    REVISED = "revised"    # a paragraph or the title revised: its last reviewed translation
    ADDED = "added"        # a paragraph added since publication: shown in English
    SPLIT = "split"        # a paragraph split off a revised one: shown in that one's last reviewed translation
    NEVER = "never"        # a paragraph never reviewed: the locale cannot be published


@dataclass(frozen=True)
class Standing:
    """A locale's messages by what its edition can show for them."""

    reviewed: int
    awaiting: Mapping[Key, Awaiting]   # every required message not reviewed, and name with a draft, in order
    signatory_parts: int               # of them, a signatory's parts
    revised_on: str | None             # the latest day the English of a paragraph changed
    shown_in_english: int = 0          # of the reviewed, those an edition shows in English (``shows_english``)
    missing: int = 0                   # messages the catalog lacks: it was not updated since the letter changed


def standing(units: tuple[Message, ...], text_keys: frozenset[Key], strings: Strings, record: Record) -> Standing:
    """Sort a catalog's required messages by what a published edition shows for them.

    ``text_keys`` are the title's and the paragraphs' keys: the messages a revision notice
    speaks of. Any other message without a context is an interface word. A name needs no
    translation, but one that has a draft (a name corrected in the English keeps its old
    form as one) awaits review like any other part (``Awaiting.NAME``), though a locale's
    counts, which are of required messages, leave it out.
    """
    reviewed = signatory_parts = shown_in_english = missing = 0
    awaiting: dict[Key, Awaiting] = {}
    revised_on: str | None = None
    holding = _holding(strings, record, text_keys)
    for message in units:
        found = strings.get(message.key)
        missing += found is None
        text, fuzzy = found or ("", False)
        if not is_required(message.context):
            if translated(text) and fuzzy:
                awaiting[message.key] = Awaiting.NAME
            continue
        if translated(text) and not fuzzy:
            reviewed += 1
            shown_in_english += shows_english(message, text)
            continue
        if message.context is not None:
            awaiting[message.key] = Awaiting.LINE
            signatory_parts += 1
            continue
        kept = record.get(message.key)
        if message.key not in text_keys:
            awaiting[message.key] = Awaiting.LINE
        elif kept is None:
            awaiting[message.key] = Awaiting.NEVER
        else:
            awaiting[message.key] = Awaiting.REVISED if translated(kept.translation) else \
                Awaiting.SPLIT if (kept.context, kept.previous) in holding else Awaiting.ADDED
            revised_on = max(revised_on or "", kept.revised)
    return Standing(reviewed, awaiting, signatory_parts, revised_on, shown_in_english, missing)


def shows_english(message: Message, translation: str) -> bool:
    """Whether every edition shows ``message`` in English though ``translation`` of it is reviewed: it links
    elsewhere than its English or marks up its text otherwise (``markup.faithful``), or, a pattern
    (flagged ``python-brace-format``), its placeholders are not its English's (``interface.keeps_placeholders``).
    ``standing`` counts these; the review page lists each under "Needs review"."""
    return not faithful(translation, message.msgid) or (
        BRACE_FORMAT in message.flags and not keeps_placeholders(translation, message.msgid))


def progress_of(units: tuple[Message, ...], text_keys: frozenset[Key], strings: Strings, record: Record,
                noted: Collection[Key] = frozenset()) -> Progress:
    """How far a locale is, and what its edition shows in place of what awaits review. ``noted`` are the
    messages not fuzzy that still carry a machine draft's note (``po.Translations``): those reviewed are
    counted (``Progress.machine_drafts``)."""
    state = standing(units, text_keys, strings, record)
    kinds = Counter(state.awaiting.values())
    untranslated = sum(not translated(strings.get(key, ("", False))[0]) for key in state.awaiting)
    machine_drafts = sum(message.key in noted and is_required(message.context)
                         and translated(strings[message.key][0]) for message in units) if noted else 0
    return Progress(state.reviewed, len(state.awaiting) - kinds[Awaiting.NAME] - untranslated, untranslated,
                    state.signatory_parts, kinds[Awaiting.LINE] - state.signatory_parts,
                    kinds[Awaiting.REVISED] + kinds[Awaiting.ADDED] + kinds[Awaiting.SPLIT], state.revised_on,
                    kinds[Awaiting.NAME], state.shown_in_english, state.missing, machine_drafts)


def shown(strings: Strings, record: Record, text_keys: frozenset[Key], *, drafts: bool = False) -> dict[Key, str]:
    """The translations an edition shows, by key; a key it lacks is shown in English.

    No edition shows a translation that links elsewhere than the English it translates (a link added,
    dropped or sent to another address; for a revised paragraph's last reviewed translation, the
    English it was reviewed for), or that marks up its text otherwise (an HTML tag or a stray * shown
    as text, emphasis its English lacks: ``markup.faithful``): ``letter check`` fails it, but an
    edition built without that check must not send readers, under the signatories' names, where the
    letter does not, nor show them "<b>".
    A published edition shows what is reviewed, and for a revised paragraph or title
    (``text_keys``) the translation last reviewed for it, as ``standing`` says; a signatory's
    part or an interface word awaiting review is shown in English (its old translation may
    state what the correction put right). A preview of a locale in progress (``drafts``) shows
    its drafts too. A record's entry matters only while its message is not reviewed: once it
    is, the catalog's translation is the reviewed one, and one that is not ``faithful`` is shown in
    English, as ``letter status`` says, not the record's older one without its notice. A paragraph
    split off a revised one (``Revision.split_off``) shows nothing (an empty text) while that one
    shows the translation that says it, reviewed or not: it would be read twice.
    """
    translations: dict[Key, str] = {}
    for key, (text, fuzzy) in strings.items():
        if translated(text) and (not fuzzy or drafts) and faithful(text, key[1]):
            translations[key] = text
    if not drafts:
        kept_shown = _kept_shown(strings, record, text_keys)
        translations.update((key, kept.translation) for key, kept in kept_shown.items())
        holding = {(kept.context, kept.previous) for kept in kept_shown.values()}
        for key, kept in record.items():
            if kept.split_off and (kept.context, kept.previous) in holding and key in text_keys:
                translations[key] = ""
    return translations


def _kept_shown(strings: Strings, record: Record, text_keys: frozenset[Key]) -> dict[Key, Revision]:
    """The record's entries whose last reviewed translation a published edition shows: of a paragraph or the
    title revised (``text_keys``) and not reviewed since, a translation ``faithful`` to the English it was
    reviewed for."""
    kept_shown: dict[Key, Revision] = {}
    for key, kept in record.items():
        text, fuzzy = strings.get(key, ("", False))
        if key in text_keys and translated(kept.translation) and (fuzzy or not translated(text)) \
                and faithful(kept.translation, kept.previous or key[1]):
            kept_shown[key] = kept
    return kept_shown


def _holding(strings: Strings, record: Record, text_keys: frozenset[Key]) -> set[Key]:
    """The English (context, previous) whose last reviewed translation a published edition shows (``_kept_shown``),
    for a paragraph revised: a paragraph split off since is said there."""
    return {(kept.context, kept.previous) for kept in _kept_shown(strings, record, text_keys).values()}
