-- One amount per cell of the financial annex tables (pipelines/extract/financial_annex.py): the
-- lettered tables of the CLS "Annexe 11" (prévisionnel, exécution budgétaire) and the France
-- Travail "Construction du plan de financement". Rows whose amounts do not match their header's
-- columns are not here: they are in lignes_non_lues with the reason.
-- Documents in quarantine (int_documents_quarantaine) are left out.
select
    doc_id,
    tableau,
    cast(annee as integer) as annee,
    action_code,
    ligne_type,
    colonne,
    libelle_colonne,
    financeur,
    montant_eur,
    ligne
from {{ source('raw', 'cellules_tableaux_financiers') }}
where {{ hors_quarantaine() }}
