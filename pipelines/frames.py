"""Parsed records -> polars frames with fixed schemas (the tables of the ``raw`` schema).

Column names are the analysts' French terms; the schemas are fixed so that an empty
corpus still yields typed, empty tables.
"""

from __future__ import annotations

from dataclasses import asdict

import polars as pl

from pipelines.extract import extract_document

MONEY = pl.Decimal(18, 2)

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "doc_id": pl.String,
        "fichier": pl.String,
        "sha256": pl.String,
        "taille_octets": pl.Int64,
        "encodage": pl.String,
        "nb_lignes": pl.Int64,
    },
    "documents_rejetes": {
        "fichier": pl.String,
        "sha256": pl.String,
        "taille_octets": pl.Int64,
        "raison": pl.String,
    },
    "lignes_source": {"doc_id": pl.String, "ligne": pl.Int64, "texte": pl.String},
    "deliberations": {
        "doc_id": pl.String,
        "numero": pl.String,
        "numero_ligne": pl.Int64,
        "instance": pl.String,
        "date_seance": pl.Date,
        "titre": pl.String,
        "votes_pour": pl.Int64,
        "votes_contre": pl.Int64,
        "abstentions": pl.Int64,
    },
    "montants_articles": {
        "doc_id": pl.String,
        "article": pl.Int64,
        "libelle": pl.String,
        "montant_eur": MONEY,
        "ligne": pl.Int64,
    },
    "montants_rapport": {
        "doc_id": pl.String,
        "libelle": pl.String,
        "montant_eur": MONEY,
        "ligne": pl.Int64,
    },
    "lignes_budgetaires": {
        "doc_id": pl.String,
        "tableau": pl.String,
        "sens": pl.String,
        "section": pl.String,
        "code_operation": pl.String,
        "imputation": pl.String,
        "libelle": pl.String,
        "ae_eur": MONEY,
        "inscrit_eur": MONEY,
        "disponible_eur": MONEY,
        "montant_eur": MONEY,
        "solde_eur": MONEY,
        "ligne": pl.Int64,
    },
    "lignes_non_lues": {"doc_id": pl.String, "ligne": pl.Int64, "texte": pl.String, "raison": pl.String},
    "actions": {
        "doc_id": pl.String,
        "axe_code": pl.String,
        "axe_imprime": pl.String,
        "action_code": pl.String,
        "code_dans_titre": pl.String,
        "action": pl.String,
        "ligne_debut": pl.Int64,
        "ligne_fin": pl.Int64,
    },
    "budgets_actions": {
        "doc_id": pl.String,
        "action_code": pl.String,
        "annee": pl.Int64,
        "financeur": pl.String,
        "montant_eur": MONEY,
        "ligne": pl.Int64,
    },
    "plans_financiers": {
        "doc_id": pl.String,
        "type_ligne": pl.String,
        "axe_code": pl.String,
        "action_code": pl.String,
        "action": pl.String,
        "etat_erbm": pl.Boolean,
        "annee": pl.Int64,
        "etat_eur": MONEY,
        "departement_eur": MONEY,
        "autres_eur": MONEY,
        "total_eur": MONEY,
        "ligne": pl.Int64,
    },
    "axes": {"doc_id": pl.String, "axe_code": pl.String, "axe": pl.String, "ligne": pl.Int64},
    "indicateurs_valeurs": {
        "doc_id": pl.String,
        "source": pl.String,
        "referentiel": pl.String,
        "axe_code": pl.String,
        "action_code": pl.String,
        "thematique": pl.String,
        "indicateur": pl.String,
        "situation_initiale": pl.Decimal(18, 2),
        "date_situation_initiale": pl.Date,
        "ligne_indicateur": pl.Int64,
        "type_valeur": pl.String,
        "annee": pl.Int64,
        "valeur": pl.Decimal(18, 2),
        "ligne": pl.Int64,
    },
    "subventions": {
        "doc_id": pl.String,
        "source": pl.String,
        "tableau": pl.Int64,
        "thematique": pl.String,
        "operation": pl.String,
        "dispositif_code": pl.String,
        "territoire": pl.String,
        "structure": pl.String,
        "complement": pl.String,
        "quantite": pl.Decimal(18, 2),
        "unite": pl.String,
        "montant_eur": MONEY,
        "ligne_debut": pl.Int64,
        "ligne": pl.Int64,
        "extrait": pl.String,
    },
    "totaux_imprimes": {
        "doc_id": pl.String,
        "portee": pl.String,
        "tableau": pl.Int64,
        "thematique": pl.String,
        "libelle": pl.String,
        "montant_eur": MONEY,
        "quantite": pl.Decimal(18, 2),
        "ligne": pl.Int64,
    },
    "bilans": {
        "doc_id": pl.String,
        "annee": pl.Int64,
        "dispositif_code": pl.String,
        "dispositif": pl.String,
        "indicateur": pl.String,
        "valeur": pl.Decimal(18, 2),
        "unite": pl.String,
        "ligne": pl.Int64,
        "extrait": pl.String,
    },
    "chiffres_imprimes": {
        "doc_id": pl.String,
        "ligne": pl.Int64,
        "ligne_fin": pl.Int64,
        "position": pl.Int64,
        "texte": pl.String,
        "valeur": pl.Decimal(18, 2),
        "unite": pl.String,
        "phrase": pl.String,
        "regle_contexte": pl.String,
    },
    "chiffres_texte": {
        "doc_id": pl.String,
        "categorie": pl.String,
        "ligne": pl.Int64,
        "position": pl.Int64,
        "texte": pl.String,
        "valeur": pl.Decimal(18, 2),
        "unite": pl.String,
        "annee": pl.Int64,
        "objet": pl.String,
        "phrase": pl.String,
        "regle": pl.String,
        "section": pl.String,
        "financeur": pl.String,
        "beneficiaire": pl.String,
        "partenaire": pl.String,
    },
    "cellules_tableaux_financiers": {
        "doc_id": pl.String,
        "tableau": pl.String,
        "annee": pl.Int64,
        "action_code": pl.String,
        "ligne_type": pl.String,
        "colonne": pl.String,
        "libelle_colonne": pl.String,
        "financeur": pl.String,
        "montant_eur": pl.Decimal(18, 2),
        "ligne": pl.Int64,
    },
    "realises_saisis": {
        "fichier": pl.String,
        "ligne": pl.Int64,
        "annee": pl.Int32,
        "axe_code": pl.String,
        "action_code": pl.String,
        "referentiel": pl.String,
        "indicateur": pl.String,
        "realise": pl.Decimal(18, 2),
        "source": pl.String,
        "commentaire": pl.String,
    },
}

# What each raw table and column holds, in French: written here only; ``dpid prepare`` generates
# the dbt sources (``dbt/models/staging/__sources.yml``, not committed) from SCHEMAS and these.
TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "Un document lu dans `raw/deliberations` par ligne.",
    "documents_rejetes": "Documents mis en quarantaine à la lecture, avec la raison.",
    "lignes_source": "Le texte de chaque document lu, une ligne par ligne du fichier source.",
    "deliberations": "Métadonnées lues dans l'en-tête et le vote de chaque délibération.",
    "montants_articles": "Montants suivis de € dans les articles de chaque décision.",
    "montants_rapport": "Montants suivis de € dans les propositions du rapport du Président.",
    "lignes_budgetaires": "Lignes des tableaux d'imputation budgétaire de la décision et du rapport.",
    "lignes_non_lues": "Lignes ou cellules de tableau que les parseurs n'ont pas pu lire, avec la raison.",
    "actions": "Fiches action des contrats (CLS, convention France Travail) trouvées dans chaque document.",
    "budgets_actions": "Cellules du tableau « Budget de l'action » de chaque fiche (ligne année ou Total, "
    "colonne financeur ou Total).",
    "plans_financiers": "Lignes du tableau financier du contrat par fiche action (Annexe 3 du CLS), "
    "avec sous-totaux et totaux.",
    "axes": "Axes d'un contrat tels qu'imprimés dans son tableau des actions (Annexe 1 du CLS).",
    "indicateurs_valeurs": "Cibles et résultats des indicateurs, une ligne par indicateur, nature et année.",
    "subventions": "Lignes de financement par structure lues dans les tableaux des annexes (ou le texte), "
    "telles qu'imprimées.",
    "totaux_imprimes": "Totaux imprimés par une délibération (tableaux, thématiques, territoires, articles), "
    "comparés aux lignes.",
    "bilans": "Chiffres réalisés de la colonne « Bilan » du tableau des dispositifs.",
    "chiffres_imprimes": (
        "Chaque montant et pourcentage imprimé dans un document (pipelines/extract/ledger.py), "
        "avec sa ligne, sa phrase et sa règle de contexte."
    ),
    "chiffres_texte": (
        "Chiffres écrits dans des phrases (pipelines/extract/prose), un par ligne avec sa catégorie."
    ),
    "cellules_tableaux_financiers": (
        "Cellules des tableaux financiers du contrat (Annexe 11 : prévisionnel, exécution) "
        "et du plan de financement France Travail, une par action, colonne et montant."
    ),
    "realises_saisis": (
        "Résultats atteints saisis par les services dans les fichiers annuels de `raw/realise/` "
        "(une ligne par indicateur et année dont la cellule `realise` est remplie), "
        "avec le fichier et la ligne du tableur (en-tête = ligne 1)."
    ),
}

# Column descriptions: the same for a column name in every table, unless a table gives its own.
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "doc_id": "Document (`raw.documents.doc_id`).",
    "ligne": "Ligne du fichier source (à partir de 1).",
    "fichier": "Nom du fichier lu.",
    "sha256": "Empreinte sha256 du fichier.",
    "taille_octets": "Taille du fichier en octets.",
    "raison": "Pourquoi la ligne ou le document n'a pas été lu.",
    "texte": "Texte tel qu'imprimé.",
    "libelle": "Libellé tel qu'imprimé.",
    "montant_eur": "Montant en euros.",
    "annee": "Année.",
    "axe_code": "Axe de l'action.",
    "action_code": "Action, par exemple `1.1`.",
    "indicateur": "Intitulé de l'indicateur.",
    "unite": "Unité du chiffre.",
    "valeur": "Valeur lue.",
    "extrait": "Extrait du texte d'où vient la ligne.",
    "source": "Où la valeur a été lue.",
    "thematique": "Thématique.",
    "tableau": "Tableau du document.",
    "quantite": "Quantité imprimée (places, postes...).",
}
TABLE_COLUMN_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "realises_saisis": {
        "fichier": "Nom du fichier de réalisés.",
        "ligne": "Ligne du tableur (l'en-tête est la ligne 1).",
        "annee": "Année du résultat.",
        "action_code": "Action.",
        "referentiel": "`local` ou `national`.",
        "indicateur": "Intitulé de l'indicateur, tel que dans `raw.indicateurs_valeurs`.",
        "realise": "Résultat atteint saisi.",
        "source": "Source indiquée par le service (cellule `source`, peut être vide).",
        "commentaire": "Commentaire du service.",
    },
}


def dbt_sources() -> dict:
    """The dbt source ``raw`` (``__sources.yml``): every table of SCHEMAS with its columns."""

    def column(table: str, name: str) -> dict:
        description = TABLE_COLUMN_DESCRIPTIONS.get(table, {}).get(name) or COLUMN_DESCRIPTIONS.get(name)
        return {"name": name, "description": description} if description else {"name": name}

    return {
        "version": 2,
        "sources": [
            {
                "name": "raw",
                "description": (
                    "Tables écrites par les assets dagster de lecture et d'extraction (parseurs Python "
                    "de `pipelines/extract`). Chaque chiffre extrait porte son document (`doc_id`) "
                    "et la ligne du fichier source (`ligne`). "
                    "Fichier généré par `dpid prepare` depuis `pipelines/frames.py`."
                ),
                "schema": "raw",
                "tables": [
                    {
                        "name": table,
                        "description": TABLE_DESCRIPTIONS[table],
                        "columns": [column(table, c) for c in schema],
                    }
                    for table, schema in SCHEMAS.items()
                ],
            }
        ],
    }


# Extracted table -> the field of ``pipelines.extract.Extraction`` that holds its records. Adding a
# table: one entry in SCHEMAS, one here, one field of ``Extraction``; the per-document cache, the
# load into DuckDB, the dagster assets and the dbt sources follow.
EXTRACTED_TABLES: dict[str, str] = {
    "deliberations": "metadata",
    "montants_articles": "articles",
    "montants_rapport": "report_amounts",
    "lignes_budgetaires": "budget_rows",
    "lignes_non_lues": "unread",
    "actions": "fiches",
    "budgets_actions": "fiche_budgets",
    "plans_financiers": "financial_plan",
    "axes": "axes",
    "indicateurs_valeurs": "indicators",
    "subventions": "grants",
    "totaux_imprimes": "printed_totals",
    "bilans": "bilans",
    "chiffres_imprimes": "figures",
    "chiffres_texte": "prose",
    "cellules_tableaux_financiers": "financial_cells",
}


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    schema = SCHEMAS[table]
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row")


def _plan_rows(r) -> list[dict]:
    return [
        {
            **asdict(r),
            "etat_eur": r.etat,
            "departement_eur": r.departement,
            "autres_eur": r.autres,
            "total_eur": r.total,
        }
    ]


def _indicator_rows(ind) -> list[dict]:
    return [
        {
            "source": ind.source,
            "referentiel": ind.referentiel,
            "axe_code": ind.axe_code,
            "action_code": ind.action_code,
            "thematique": ind.thematique,
            "indicateur": ind.indicateur,
            "situation_initiale": ind.situation_initiale,
            "date_situation_initiale": ind.date_situation_initiale,
            "ligne_indicateur": ind.ligne,
            "type_valeur": kind,
            "annee": year,
            "valeur": value,
            "ligne": line,
        }
        for kind, values in (("cible", ind.cibles), ("realise", ind.resultats))
        for year, (value, line) in values.items()
    ]


# Records that are not one row each, with the columns of their table
_ROWS = {"plans_financiers": _plan_rows, "indicateurs_valeurs": _indicator_rows}


def document_frames(doc_id: str, lines: list[str]) -> dict[str, pl.DataFrame]:
    """Run every parser on one document: one frame per extracted table, and its source lines."""
    result = extract_document(lines)
    out = {
        "lignes_source": frame(
            "lignes_source",
            [{"doc_id": doc_id, "ligne": n, "texte": text} for n, text in enumerate(lines, start=1)],
        )
    }
    for table, field_name in EXTRACTED_TABLES.items():
        records = getattr(result, field_name)
        records = records if isinstance(records, list) else [records]
        to_rows = _ROWS.get(table, lambda r: [asdict(r)])
        out[table] = frame(table, [{"doc_id": doc_id, **row} for r in records for row in to_rows(r)])
    return out


def extraction_frames(corpus: dict[str, list[str]]) -> dict[str, pl.DataFrame]:
    """Every extracted table for a whole corpus (``doc_id -> lines``): the per-document frames, stacked."""
    per_document = [document_frames(doc_id, lines) for doc_id, lines in sorted(corpus.items())]
    return {
        table: pl.concat([frames[table] for frames in per_document]) if per_document else frame(table, [])
        for table in EXTRACTED_TABLES
    }
