-- In the report's table: Disponible − Proposition = Solde, row by row. An illegible Solde
-- is reported too (the cell is in lignes_non_lues with its text).
with rows as (
    select
        doc_id,
        code_operation,
        ligne,
        solde_eur,
        disponible_eur - montant_eur as solde_calcule
    from {{ ref('stg_lignes_budgetaires') }}
    where tableau = 'rapport' and disponible_eur is not null and montant_eur is not null
)

select
    'solde_rapport' as controle,
    case when solde_eur is null then 'avertissement' else 'erreur' end as gravite,
    doc_id,
    ligne,
    solde_eur as valeur_declaree,
    solde_calcule as valeur_calculee,
    solde_eur - solde_calcule as ecart,
    case
        when solde_eur is null
            then 'Opération ' || code_operation || ' : solde illisible dans le rapport ; Disponible − Proposition = '
                || {{ fr_eur('solde_calcule') }}
        else 'Opération ' || code_operation || ' : solde imprimé ' || {{ fr_eur('solde_eur') }}
            || ' ≠ Disponible − Proposition = ' || {{ fr_eur('solde_calcule') }}
    end as message
from rows
where solde_eur is null or solde_eur <> solde_calcule
