select
    cast(doc_id as varchar) as doc_id,
    cast(tableau as varchar) as tableau,
    cast(sens as varchar) as sens,
    cast(section as varchar) as section_budgetaire,
    cast(code_operation as varchar) as code_operation,
    cast(imputation as varchar) as imputation,
    cast(libelle as varchar) as libelle,
    cast(ae_eur as decimal(18, 2)) as ae_eur,
    cast(inscrit_eur as decimal(18, 2)) as inscrit_eur,
    cast(disponible_eur as decimal(18, 2)) as disponible_eur,
    cast(montant_eur as decimal(18, 2)) as montant_eur,
    cast(solde_eur as decimal(18, 2)) as solde_eur,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'lignes_budgetaires') }}
