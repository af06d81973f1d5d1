"""The default corpus under the variations a real corpus goes through extracts exactly the same.

Each variant is built from raw/deliberations in tmp_path, read by the ingestion, and every
document is extracted (``pipelines.frames.extraction_frames``, all 13 tables): the rows
must be the original's, value for value, line for line. A garbage file, an empty file and
a byte-for-byte copy of a seed are added to every variant: they are quarantined with a
French reason and the five documents still extract.

Variants: no-break space (U+00A0), narrow no-break space (U+202F) or thin space (U+2009)
as thousands separator, CRLF line endings, UTF-8 with a BOM, Windows-1252 (the narrow no-break spaces
of the original, which it cannot encode, become '?'), and Windows-1252 of the U+202F
variant (every thousands separator a '?').
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.extract import extract_document
from pipelines.extract.numbers import plain_separators
from pipelines.frames import EXTRACTED_TABLES, extraction_frames
from pipelines.ingest.documents import read_corpus

from .conftest import RAW

# the ordinary space between two digit groups: "1 016" -> "1<sep>016"
_GROUP_SPACE_RE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


@dataclass(frozen=True)
class Variant:
    name: str
    convert: Callable[[str], bytes]
    lossy: bool = False  # the encoding turned separators into '?': text cells differ by them


VARIANTS = [
    Variant("nbsp", lambda t: _GROUP_SPACE_RE.sub("\u00a0", t).encode("utf-8")),
    Variant("nnbsp", lambda t: _GROUP_SPACE_RE.sub("\u202f", t).encode("utf-8")),
    Variant("thin-space", lambda t: _GROUP_SPACE_RE.sub("\u2009", t).encode("utf-8")),
    Variant("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    Variant("bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    Variant("windows-1252", lambda t: t.encode("cp1252", errors="replace"), lossy=True),
    pytest.param(
        Variant(
            "nnbsp-windows-1252",
            lambda t: _GROUP_SPACE_RE.sub("\u202f", t).encode("cp1252", errors="replace"),
            lossy=True,
        ),
        # every thousands separator became '?': the pivot table of 004 and the France Travail
        # plan d'action of 002 are still read differently (known gap, listed in the README)
        marks=pytest.mark.xfail(
            reason="séparateurs tous devenus « ? » : deux tableaux lus autrement", strict=True
        ),
    ),
]

SEEDS = sorted(RAW.glob("*.txt"))


def _rows(frames, lossy: bool) -> dict[str, list[tuple]]:
    # text cells keep the document's own characters (a figure quoted "as printed" keeps its
    # no-break space): they are compared with every separator made a plain space; values,
    # lines and keys are compared exactly
    def cell(value):
        if not isinstance(value, str):
            return value
        if lossy:  # what the encoding could not hold became '?', on both sides
            value = value.encode("cp1252", errors="replace").decode("cp1252")
        return re.sub("[\u00a0\u202f\u2009]", " ", plain_separators(value))

    return {
        t: sorted((tuple(cell(v) for v in row) for row in frames[t].rows()), key=repr)
        for t in EXTRACTED_TABLES
    }


@pytest.fixture(scope="module")
def original():
    documents, rejections = read_corpus(RAW)
    assert rejections == []
    frames = extraction_frames({d.doc_id: d.lines for d in documents})
    return documents, frames


def _build(folder: Path, variant: Variant) -> None:
    folder.mkdir()
    for path in SEEDS:
        (folder / path.name).write_bytes(variant.convert(path.read_text(encoding="utf-8")))
    (folder / "900_garbage.txt").write_bytes(random.Random(11).randbytes(4096))
    (folder / "901_empty.txt").write_bytes(b"")
    (folder / "902_copy.txt").write_bytes((folder / SEEDS[0].name).read_bytes())


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: getattr(v, "name", None))
def test_a_variant_of_the_corpus_extracts_exactly_what_the_original_extracts(tmp_path, original, variant):
    folder = tmp_path / variant.name
    _build(folder, variant)
    documents, rejections = read_corpus(folder)

    assert sorted((r.fichier, r.raison) for r in rejections) == [
        ("900_garbage.txt", "fichier binaire (octets nuls) : ce n'est pas un texte"),
        ("901_empty.txt", "document vide (0 octet)"),
        ("902_copy.txt", f"doublon de {SEEDS[0].name}"),
    ]
    original_documents, original_frames = original
    # same documents, same line numbering (provenance), the text as printed
    assert [(d.doc_id, len(d.lines)) for d in documents] == [
        (d.doc_id, len(d.lines)) for d in original_documents
    ]
    for d, o in zip(documents, original_documents, strict=True):
        assert not d.text.startswith("\ufeff") and "\r" not in d.text
        if variant.name in ("crlf", "bom"):
            assert d.lines == o.lines

    frames = extraction_frames({d.doc_id: d.lines for d in documents})
    got, expected = _rows(frames, variant.lossy), _rows(original_frames, variant.lossy)
    for table in EXTRACTED_TABLES:
        assert got[table] == expected[table], table
    # not vacuous: the original extracts figures in every table
    assert all(frames[t].height > 0 for t in EXTRACTED_TABLES)


def test_a_failing_parser_costs_its_part_only_and_says_why(monkeypatch, corpus):
    """One parser raising on a document: its part is listed unread with the exception's
    message, and everything else of the document is read."""
    from pipelines import extract

    doc = next(k for k in corpus if k.startswith("004"))
    before = extract_document(corpus[doc])
    assert before.bilans and before.grants

    def boom(lines):
        raise RuntimeError("tableau inattendu")

    monkeypatch.setattr(extract, "parse_bilans", boom)
    after = extract_document(corpus[doc])
    assert after.bilans == []
    assert after.grants == before.grants and after.printed_totals == before.printed_totals
    failed = [u for u in after.unread if "bilans" in u.raison]
    assert [(u.ligne, u.raison) for u in failed] == [
        (1, "lecture des bilans en échec, non lue : RuntimeError: tableau inattendu"),
    ]
