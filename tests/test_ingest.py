import shutil

from pipelines.ingest.documents import Document, Rejection, decode_text, read_corpus, read_document

from .conftest import RAW

SMALL = """DELIBERATION DE LA COMMISSION PERMANENTE
REUNION DU 3 JUILLET 2023
TITRE
(N°2023-333)
DECIDE :
Article 1 : pour un montant total de 6 560 €.
(Adopté)
"""


def _pdf_with_text(lines: list[str]) -> bytes:
    """A minimal, valid one-page PDF printing ``lines`` (offsets of the xref computed)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 10 Tf 50 780 Td 12 TL " + " ".join(f"({line}) '" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('cp1252'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("cp1252")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_decode_utf8_bom_and_windows_1252():
    assert decode_text("Délibération".encode()) == ("Délibération", "utf-8")
    assert decode_text(b"\xef\xbb\xbf" + "é".encode()) == ("é", "utf-8-sig")
    assert decode_text("Délibération 1 234 €".encode("cp1252")) == ("Délibération 1 234 €", "cp1252")


def test_a_deliberation_in_windows_1252_is_read(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes(SMALL.encode("cp1252"))
    doc = read_document(path)
    assert isinstance(doc, Document) and doc.encodage == "cp1252" and doc.doc_id == "cp"
    assert doc.lines[5] == "Article 1 : pour un montant total de 6 560 €."


def test_a_pdf_is_read_through_pdfplumber(tmp_path):
    path = tmp_path / "delib.pdf"
    path.write_bytes(_pdf_with_text(SMALL.strip().split("\n")))
    doc = read_document(path)
    assert isinstance(doc, Document), doc
    assert doc.encodage == "pdf" and "(N°2023-333)" in doc.lines
    assert "Article 1 : pour un montant total de 6 560 €." in doc.lines


def test_bad_files_are_rejected_with_their_reason(tmp_path):
    cases = {
        "vide.txt": (b"", "vide"),
        "blanc.txt": (b"\n  \n", "vide"),
        "binaire.txt": (b"\x00\x01\x02PK", "binaire"),
        "inconnu.txt": ("Compte rendu de réunion, 12 € de café.".encode(), "inconnu"),
        "tronque.txt": (SMALL.split("DECIDE")[0].encode(), "tronqué"),
        "casse.pdf": (_pdf_with_text(["x"])[:120], "PDF illisible"),
        "image.png": (b"\x89PNG", "format non pris en charge"),
        "sans_date.txt": (SMALL.replace("REUNION DU 3 JUILLET 2023", "").encode(), "date de séance"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    for name, (_, reason) in cases.items():
        result = read_document(tmp_path / name)
        assert isinstance(result, Rejection), name
        assert reason in result.raison, (name, result.raison)


def test_one_bad_file_does_not_stop_the_others_and_duplicates_are_refused(tmp_path):
    for p in RAW.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    shutil.copy(RAW / "000_93251b25262b5cb7.txt", tmp_path / "zz_copie.txt")
    (tmp_path / "garbage.txt").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / ".cache").write_text("ignored")
    documents, rejections = read_corpus(tmp_path)
    assert len(documents) == 5
    assert {(r.fichier, r.raison.split(" ")[0]) for r in rejections} == {
        ("garbage.txt", "fichier"),
        ("zz_copie.txt", "doublon"),
    }
