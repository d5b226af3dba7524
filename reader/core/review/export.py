"""Stage 7, review: reviewed bilingual text in the formats translation tools read: TMX 1.4b, XLIFF
2.0, a bilingual Markdown document, and JSON with everything."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reader import __version__
from reader.core.review.segments import INITIAL, REVIEWED, STALE, TRANSLATED, Segment

FORMATS = ("tmx", "xliff", "md", "json")
# XLIFF 2.0 knows initial / translated / reviewed / final; a stale segment goes back to initial.
_XLIFF_STATE = {
    INITIAL: "initial",
    TRANSLATED: "translated",
    REVIEWED: "reviewed",
    STALE: "initial",
}


@dataclass(frozen=True)
class ExportDocument:
    name: str  # the article file name
    title: str
    source_language: str
    target_language: str
    segments: Sequence[Segment]
    # Work kept from paragraphs no longer in the article: translation memory (TMX, JSON,
    # Markdown), not part of the document (XLIFF).
    orphans: Sequence[Segment] = ()


def _pretty(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_tmx(documents: Sequence[ExportDocument]) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    source = documents[0].source_language if documents else "und"
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "reader",
            "creationtoolversion": __version__,
            "segtype": "paragraph",
            "o-tmf": "reader",
            "adminlang": "en",
            "srclang": source,
            "datatype": "plaintext",
            "creationdate": stamp,
        },
    )
    body = ET.SubElement(root, "body")
    for document in documents:
        kept = enumerate(document.orphans, 1)
        for tuid, segment in [
            *((f"{document.name}#{s.position}", s) for s in document.segments),
            *((f"{document.name}#kept-{n}", s) for n, s in kept),
        ]:
            if segment.text is None:
                continue
            unit = ET.SubElement(body, "tu", tuid=tuid)
            state = segment.state if segment.position >= 0 else f"{segment.state}, kept"
            ET.SubElement(unit, "prop", type="x-state").text = state
            ET.SubElement(unit, "prop", type="x-document").text = document.name
            if segment.mt_model:
                ET.SubElement(unit, "note").text = f"machine translation: {segment.mt_model}"
            for language, text in (
                (document.source_language, segment.source),
                (document.target_language, segment.text),
            ):
                variant = ET.SubElement(unit, "tuv", {"xml:lang": language})
                ET.SubElement(variant, "seg").text = text
    return _pretty(root)


def to_xliff(documents: Sequence[ExportDocument]) -> str:
    source = documents[0].source_language if documents else "und"
    target = documents[0].target_language if documents else "und"
    root = ET.Element(
        "xliff",
        {
            "xmlns": "urn:oasis:names:tc:xliff:document:2.0",
            "version": "2.0",
            "srcLang": source,
            "trgLang": target,
        },
    )
    for number, document in enumerate(documents, 1):
        file = ET.SubElement(root, "file", id=f"f{number}", original=document.name)
        for segment in document.segments:
            unit = ET.SubElement(file, "unit", id=f"u{segment.position}")
            if segment.mt_model:
                notes = ET.SubElement(unit, "notes")
                ET.SubElement(
                    notes, "note", category="mt"
                ).text = f"machine translation: {segment.mt_model}"
            seg = ET.SubElement(unit, "segment", state=_XLIFF_STATE[segment.state])
            ET.SubElement(seg, "source").text = segment.source
            if segment.text is not None:
                ET.SubElement(seg, "target").text = segment.text
    return _pretty(root)


def to_markdown(documents: Sequence[ExportDocument]) -> str:
    lines: list[str] = []
    for document in documents:
        lines += [
            f"# {document.title}",
            "",
            f"*{document.name}: {document.source_language} → {document.target_language}*",
            "",
        ]
        for segment in document.segments:
            lines += [
                f"## ¶ {segment.position} ({segment.state})",
                "",
                f"> {segment.source}",
                "",
                segment.text or "*(not translated)*",
                "",
            ]
        if document.orphans:
            lines += ["## Kept from paragraphs no longer in the file", ""]
        for segment in document.orphans:
            lines += [f"> {segment.source}", "", f"{segment.text} ({segment.state})", ""]
    return "\n".join(lines)


def to_json(documents: Sequence[ExportDocument]) -> str:
    return (
        json.dumps(
            [
                {
                    "document": d.name,
                    "title": d.title,
                    "source_language": d.source_language,
                    "target_language": d.target_language,
                    "segments": [
                        {
                            "position": s.position,
                            "source": s.source,
                            "target": s.text,
                            "machine_translation": s.mt,
                            "model": s.mt_model,
                            "state": s.state,
                            "edited": s.target is not None,
                            "newer_machine_translation": s.newer_mt,
                        }
                        for s in d.segments
                    ],
                    "kept_from_removed_paragraphs": [
                        {"source": s.source, "target": s.text, "state": s.state} for s in d.orphans
                    ],
                }
                for d in documents
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def export(documents: Sequence[ExportDocument], fmt: str) -> str:
    writer = {"tmx": to_tmx, "xliff": to_xliff, "md": to_markdown, "json": to_json}[fmt]
    return writer(documents)
