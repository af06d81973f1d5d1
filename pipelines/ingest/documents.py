"""Reading source documents: decode, fingerprint, and refuse what cannot be read.

Accepted: plain text in UTF-8 (with or without BOM) or Windows-1252, and PDF (text
extracted with pdfplumber). A document is quarantined, with its reason, when it is empty,
binary or undecodable, a PDF that cannot be opened or holds no text, truncated (the
deliberation header is there but the decision never ends), not a deliberation, or a
byte-for-byte copy of another document.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.extract.metadata import parse_date_seance, parse_instance

SUPPORTED_SUFFIXES = (".txt", ".pdf")
_DELIBERATION_RE = re.compile(r"D[EÉ]LIB[EÉ]RATION\s+(?:DE\s+LA\s+COMMISSION|DU\s+CONSEIL)", re.IGNORECASE)
_NUMERO_RE = re.compile(r"\(\s*N\s*°\s*\d{4}\s*-\s*\d+\s*\)")
_END_OF_DECISION_RE = re.compile(r"^\s*\(\s*(?:Adopt|Rejet)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Document:
    doc_id: str
    fichier: str
    sha256: str
    taille_octets: int
    encodage: str
    text: str

    @property
    def lines(self) -> list[str]:
        """Lines as numbered in the source file: split on LF only (CRLF tolerated)."""
        return self.text.split("\n")


@dataclass(frozen=True)
class Rejection:
    fichier: str
    sha256: str | None
    taille_octets: int
    raison: str


def doc_id_for(path: Path) -> str:
    """The document identifier is the file name without its extension."""
    return path.stem


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes of a text file -> (text, encoding name). Raises ValueError when unreadable.

    UTF-8 with a BOM, then strict UTF-8, then Windows-1252 (rejecting bytes it leaves
    undefined). NUL bytes mean a binary file, whatever the encoding says.
    """
    if b"\x00" in data:
        raise ValueError("fichier binaire (octets nuls) : ce n'est pas un texte")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValueError(f"encodage illisible (ni UTF-8 ni Windows-1252) : {exc.reason}") from None
    return text, "cp1252"


def pdf_text(data: bytes) -> str:
    """Text of a PDF, page after page, through pdfplumber. Raises ValueError when unreadable."""
    import pdfplumber  # imported here: only PDFs need it

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join((page.extract_text() or "") for page in pdf.pages)
    except Exception as exc:  # pdfplumber raises many kinds on damaged files
        raise ValueError(f"PDF illisible ou tronqué : {type(exc).__name__}: {exc}") from None


def check_deliberation(text: str) -> str | None:
    """Why ``text`` is not a complete deliberation, or None when it is one."""
    if not text.strip():
        return "document vide"
    head = text[:5000]
    if not _DELIBERATION_RE.search(head) or not _NUMERO_RE.search(text):
        return "document inconnu : ni en-tête « DELIBERATION ... » ni numéro « (N°AAAA-NNN) »"
    if not _END_OF_DECISION_RE.search(text):
        return "document tronqué : la décision ne se termine pas (pas de ligne « (Adopté) »)"
    lines = text.split("\n")
    if parse_date_seance(lines) is None:
        return "en-tête incomplet : date de séance « REUNION DU ... » introuvable ou invalide"
    if parse_instance(lines) is None:
        return "en-tête incomplet : instance (Commission Permanente / Conseil départemental) introuvable"
    return None


def read_document(path: Path) -> Document | Rejection:
    """Read one file of ``raw/deliberations``; never raises for a bad file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Rejection(path.name, None, 0, f"fichier illisible : {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    size = len(data)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return Rejection(
            path.name, sha, size, f"format non pris en charge « {path.suffix} » (attendu : .txt ou .pdf)"
        )
    if size == 0:
        return Rejection(path.name, sha, size, "document vide (0 octet)")
    try:
        if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF"):
            text, encoding = pdf_text(data), "pdf"
        else:
            text, encoding = decode_text(data)
    except ValueError as exc:
        return Rejection(path.name, sha, size, str(exc))
    text = text.replace("\r\n", "\n")
    reason = check_deliberation(text)
    if reason:
        return Rejection(path.name, sha, size, reason)
    return Document(doc_id_for(path), path.name, sha, size, encoding, text)


def read_corpus(folder: Path) -> tuple[list[Document], list[Rejection]]:
    """Read every file of ``folder`` (sorted by name); duplicates of an earlier file are rejected."""
    documents: list[Document] = []
    rejections: list[Rejection] = []
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        result = read_document(path)
        if isinstance(result, Document):
            if result.sha256 in seen:
                result = Rejection(
                    path.name, result.sha256, result.taille_octets, f"doublon de {seen[result.sha256]}"
                )
            elif result.doc_id in ids:
                result = Rejection(
                    path.name,
                    result.sha256,
                    result.taille_octets,
                    f"identifiant {result.doc_id} déjà pris par un autre fichier",
                )
        if isinstance(result, Document):
            seen[result.sha256] = result.fichier
            ids.add(result.doc_id)
            documents.append(result)
        else:
            rejections.append(result)
    return documents, rejections
