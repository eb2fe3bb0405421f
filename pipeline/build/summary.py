"""What `letter build` tells of a build: the lines for its standard output (each edition waiting or
skipped, what was built, made again, kept or taken down) and those for its standard error (warnings,
and the editions that could not be published), in the order a person reads them. The CLI prints them."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline import pdf
from pipeline.build import BuildResult
from pipeline.build.manifest import MANIFEST
from pipeline.build.plan import unpublished
from pipeline.catalogs import uncatalogued_error
from pipeline.config import TABLE, Config
from pipeline.wording import counted


@dataclass(frozen=True)
class Told:
    said: tuple[str, ...]    # for standard output
    warned: tuple[str, ...]  # for standard error, before the errors of files that could not be read


def told(config: Config, result: BuildResult, *, no_pdf: bool = False) -> Told:
    """The lines a build of ``config`` with ``result`` prints; ``no_pdf`` when it was asked to make none."""
    output = config.relative(config.output)
    said = [*result.waiting, *(f"{skipped.status.locale.tag}: {skipped.summary}" for skipped in result.skipped),
            *result.noted, *([result.behind] if result.behind else [])]
    made = [e for e in result.editions if e.locale.tag not in result.kept]
    tags = ", ".join(e.locale.tag + (" (draft)" if e.draft else "") for e in made)
    again = [e.locale.tag for e in made if e.locale.tag in result.rendered]
    fresh = "" if len(again) == len(made) else "; all up to date" if not again else \
        f"; made again: {', '.join(again)} (the others were up to date)"
    kept = f"; kept as the last build made {'them' if len(result.kept) > 1 else 'it'}: {', '.join(result.kept)}" \
        if result.kept else ""
    said.append(f"built {counted(len(made), 'edition')} in {output}/: {tags}{fresh}{kept}")
    if drafted := [e.locale.tag for e in made if e.draft]:
        several = len(drafted) > 1
        said.append(f"the draft{'s' if several else ''} ({', '.join(drafted)}) {'are' if several else 'is'} linked "
                    f"from every page of {output}/: `letter build` without --drafts takes "
                    f"{'them' if several else 'it'} down before you publish the folder")
    if pdfs := result.pdfs_removed:
        said.append(f"took down the PDF{'' if len(pdfs) == 1 else 's'} of {', '.join(pdfs)}"
                    f"{_why_pdfs_went(config, len(pdfs) == 1, no_pdf)}")
    if len(result.removed) > len(pdfs):
        said.append(f"removed {counted(len(result.removed) - len(pdfs), 'file')} of editions no longer published "
                    "or moved")
    warned = [f"{notice.tag}: warning: {notice.reason}" for notice in result.pdf_notices]
    if result.unrecorded:
        warned.append(f"letter: warning: {output}/ had files but no record of the last build ({MANIFEST}), so "
                      f"nothing in it was taken down: an edition no longer published may still be there; delete "
                      f"{output}/ and build again to be sure")
    warned += result.unsent
    warned += [f"{tag}: a file of its catalog could not be read (below): the edition stays as the last build made "
               "it until the file is mended" for tag in result.kept
               if tag not in result.unpublished and tag not in result.uncatalogued]
    held = "; meanwhile its edition stays as the last build made it"
    warned += [uncatalogued_error(config, tag) + (held if tag in result.kept else "") for tag in result.uncatalogued]
    warned += [f"{tag}: error: {unpublished(tag)}{held if tag in result.kept else ''}" for tag in result.unpublished]
    return Told(tuple(said), tuple(warned))


def _why_pdfs_went(config: Config, one: bool, no_pdf: bool) -> str:
    """Why the PDFs of the editions built were taken down, after "took down the PDF(s) of fr, de"."""
    if pdf.FORMAT not in config.formats:
        return f": [{TABLE}] formats does not name pdf"
    its, it = ("its", "it") if one else ("their", "them")
    return (f", which no longer match{'es' if one else ''} {its} edition{'' if one else 's'} "
            f"({its} text, the site's address, the fonts installed or this tool changed"
            + (f"): `letter build` without --no-pdf makes {it} again" if no_pdf
               else f", or {'it is a draft' if one else 'they are drafts'} now)"))
