"""Parsed records -> polars frames with fixed schemas (the tables of the ``raw`` schema).

Column names are the analysts' French terms; the schemas are fixed so that an empty
corpus still yields typed, empty tables.
"""

from __future__ import annotations

from dataclasses import asdict

import polars as pl

from pipelines.extract import extract_document
from pipelines.ingest.documents import Document, Rejection

MONEY = pl.Decimal(18, 2)

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "doc_id": pl.String, "fichier": pl.String, "sha256": pl.String,
        "taille_octets": pl.Int64, "encodage": pl.String, "nb_lignes": pl.Int64,
    },
    "documents_rejetes": {
        "fichier": pl.String, "sha256": pl.String, "taille_octets": pl.Int64, "raison": pl.String,
    },
    "lignes_source": {"doc_id": pl.String, "ligne": pl.Int64, "texte": pl.String},
    "deliberations": {
        "doc_id": pl.String, "numero": pl.String, "numero_ligne": pl.Int64, "instance": pl.String,
        "date_seance": pl.Date, "titre": pl.String, "votes_pour": pl.Int64,
        "votes_contre": pl.Int64, "abstentions": pl.Int64,
    },
    "montants_articles": {
        "doc_id": pl.String, "article": pl.Int64, "libelle": pl.String,
        "montant_eur": MONEY, "ligne": pl.Int64,
    },
    "montants_rapport": {
        "doc_id": pl.String, "libelle": pl.String, "montant_eur": MONEY, "ligne": pl.Int64,
    },
    "lignes_budgetaires": {
        "doc_id": pl.String, "tableau": pl.String, "sens": pl.String, "section": pl.String,
        "code_operation": pl.String, "imputation": pl.String, "libelle": pl.String,
        "ae_eur": MONEY, "inscrit_eur": MONEY, "disponible_eur": MONEY, "montant_eur": MONEY,
        "solde_eur": MONEY, "ligne": pl.Int64,
    },
    "lignes_non_lues": {"doc_id": pl.String, "ligne": pl.Int64, "texte": pl.String, "raison": pl.String},
    "actions": {
        "doc_id": pl.String, "axe_code": pl.String, "axe_imprime": pl.String, "action_code": pl.String,
        "code_dans_titre": pl.String, "action": pl.String, "ligne_debut": pl.Int64, "ligne_fin": pl.Int64,
    },
    "budgets_actions": {
        "doc_id": pl.String, "action_code": pl.String, "annee": pl.Int64, "financeur": pl.String,
        "montant_eur": MONEY, "ligne": pl.Int64,
    },
    "plans_financiers": {
        "doc_id": pl.String, "type_ligne": pl.String, "axe_code": pl.String, "action_code": pl.String,
        "action": pl.String, "etat_erbm": pl.Boolean, "annee": pl.Int64, "etat_eur": MONEY, "departement_eur": MONEY, "autres_eur": MONEY,
        "total_eur": MONEY, "ligne": pl.Int64,
    },
    "axes": {"doc_id": pl.String, "axe_code": pl.String, "axe": pl.String, "ligne": pl.Int64},
    "indicateurs_valeurs": {
        "doc_id": pl.String, "source": pl.String, "referentiel": pl.String, "axe_code": pl.String,
        "action_code": pl.String, "thematique": pl.String, "indicateur": pl.String,
        "situation_initiale": pl.Decimal(18, 2), "date_situation_initiale": pl.Date,
        "ligne_indicateur": pl.Int64, "type_valeur": pl.String, "annee": pl.Int64,
        "valeur": pl.Decimal(18, 2), "ligne": pl.Int64,
    },
    "subventions": {
        "doc_id": pl.String, "source": pl.String, "tableau": pl.Int64, "thematique": pl.String,
        "operation": pl.String, "dispositif_code": pl.String, "territoire": pl.String,
        "structure": pl.String, "complement": pl.String, "quantite": pl.Decimal(18, 2), "unite": pl.String,
        "montant_eur": MONEY, "ligne_debut": pl.Int64, "ligne": pl.Int64, "extrait": pl.String,
    },
    "totaux_imprimes": {
        "doc_id": pl.String, "portee": pl.String, "tableau": pl.Int64, "thematique": pl.String,
        "libelle": pl.String, "montant_eur": MONEY, "quantite": pl.Decimal(18, 2), "ligne": pl.Int64,
    },
    "bilans": {
        "doc_id": pl.String, "annee": pl.Int64, "dispositif_code": pl.String, "dispositif": pl.String,
        "indicateur": pl.String, "valeur": pl.Decimal(18, 2), "unite": pl.String, "ligne": pl.Int64,
        "extrait": pl.String,
    },
    "chiffres_imprimes": {
        "doc_id": pl.String, "ligne": pl.Int64, "ligne_fin": pl.Int64, "position": pl.Int64, "texte": pl.String,
        "valeur": pl.Decimal(18, 2), "unite": pl.String, "phrase": pl.String, "regle_contexte": pl.String,
    },
    "chiffres_texte": {
        "doc_id": pl.String, "categorie": pl.String, "ligne": pl.Int64, "position": pl.Int64, "texte": pl.String,
        "valeur": pl.Decimal(18, 2), "unite": pl.String, "annee": pl.Int64, "objet": pl.String, "phrase": pl.String,
        "regle": pl.String, "section": pl.String, "financeur": pl.String, "beneficiaire": pl.String,
        "partenaire": pl.String,
    },
    "realises_saisis": {
        "fichier": pl.String, "ligne": pl.Int64, "annee": pl.Int32, "axe_code": pl.String,
        "action_code": pl.String, "referentiel": pl.String, "indicateur": pl.String,
        "realise": pl.Decimal(18, 2), "source": pl.String, "commentaire": pl.String,
    },
}  # fmt: skip

EXTRACTED_TABLES = (
    "deliberations", "montants_articles", "montants_rapport", "lignes_budgetaires", "lignes_non_lues",
    "actions", "budgets_actions", "plans_financiers", "axes", "indicateurs_valeurs",
    "subventions", "totaux_imprimes", "bilans", "chiffres_imprimes", "chiffres_texte",
)


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    schema = SCHEMAS[table]
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row")


def ingestion_frames(documents: list[Document], rejections: list[Rejection]) -> dict[str, pl.DataFrame]:
    return {
        "documents": frame(
            "documents",
            [{**asdict(d), "nb_lignes": len(d.lines)} for d in documents],
        ),
        "documents_rejetes": frame("documents_rejetes", [asdict(r) for r in rejections]),
        "lignes_source": frame(
            "lignes_source",
            [
                {"doc_id": d.doc_id, "ligne": n, "texte": text}
                for d in documents
                for n, text in enumerate(d.lines, start=1)
            ],
        ),
    }


def extraction_frames(corpus: dict[str, list[str]]) -> dict[str, pl.DataFrame]:
    """Run every parser on every document (``doc_id -> lines``) and gather the rows."""
    rows: dict[str, list[dict]] = {t: [] for t in EXTRACTED_TABLES}
    for doc_id, lines in sorted(corpus.items()):
        result = extract_document(lines)
        rows["deliberations"].append({"doc_id": doc_id, **asdict(result.metadata)})
        rows["montants_articles"] += [{"doc_id": doc_id, **asdict(a)} for a in result.articles]
        rows["montants_rapport"] += [{"doc_id": doc_id, **asdict(a)} for a in result.report_amounts]
        rows["lignes_budgetaires"] += [{"doc_id": doc_id, **asdict(r)} for r in result.budget_rows]
        rows["lignes_non_lues"] += [{"doc_id": doc_id, **asdict(u)} for u in result.unread]
        rows["actions"] += [{"doc_id": doc_id, **asdict(f)} for f in result.fiches]
        rows["budgets_actions"] += [{"doc_id": doc_id, **asdict(c)} for c in result.fiche_budgets]
        rows["plans_financiers"] += [
            {"doc_id": doc_id, **asdict(r), "etat_eur": r.etat, "departement_eur": r.departement,
             "autres_eur": r.autres, "total_eur": r.total}
            for r in result.financial_plan
        ]  # fmt: skip
        rows["axes"] += [{"doc_id": doc_id, **asdict(a)} for a in result.axes]
        rows["indicateurs_valeurs"] += [
            {
                "doc_id": doc_id, "source": ind.source, "referentiel": ind.referentiel, "axe_code": ind.axe_code,
                "action_code": ind.action_code, "thematique": ind.thematique, "indicateur": ind.indicateur,
                "situation_initiale": ind.situation_initiale, "date_situation_initiale": ind.date_situation_initiale,
                "ligne_indicateur": ind.ligne, "type_valeur": kind, "annee": year, "valeur": value, "ligne": line,
            }
            for ind in result.indicators
            for kind, values in (("cible", ind.cibles), ("realise", ind.resultats))
            for year, (value, line) in values.items()
        ]  # fmt: skip
        rows["subventions"] += [{"doc_id": doc_id, **asdict(g)} for g in result.grants]
        rows["totaux_imprimes"] += [{"doc_id": doc_id, **asdict(t)} for t in result.printed_totals]
        rows["bilans"] += [{"doc_id": doc_id, **asdict(b)} for b in result.bilans]
        rows["chiffres_imprimes"] += [{"doc_id": doc_id, **asdict(f)} for f in result.figures]
        rows["chiffres_texte"] += [{"doc_id": doc_id, **asdict(f)} for f in result.prose]
    return {table: frame(table, r) for table, r in rows.items()}
