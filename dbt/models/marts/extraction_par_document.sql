-- What was read in each deliberation: figures per table, lines left unread, anomalies, and the
-- ledger's coverage (printed figures read, not read, context).
-- `dpid build` prints it and reports/qualite.html shows it.
with comptes as (
    select
        doc_id,
        'montants_articles' as quoi
    from {{ ref('montants_articles') }}
    union all
    select
        doc_id,
        'imputation_' || tableau
    from {{ ref('lignes_budgetaires') }}
    union all
    select
        doc_id,
        'subventions'
    from {{ ref('subventions') }}
    union all
    select
        doc_id,
        'bilans'
    from {{ ref('bilans') }}
    union all
    select
        doc_id,
        'cibles_indicateurs'
    from {{ ref('indicateurs_cibles') }}
    union all
    select
        doc_id,
        'lignes_non_lues'
    from {{ ref('lignes_non_lues') }}
    union all
    select
        doc_id,
        'anomalies'
    from {{ ref('anomalies_qualite') }}
    union all
    select
        doc_id,
        'incomplet'
    from {{ ref('anomalies_qualite') }}
    where controle = 'document_incomplet'
    union all
    select
        doc_id,
        'chiffre_' || statut
    from {{ ref('chiffres') }}
)

select
    d.doc_id,
    d.numero,
    d.date_seance,
    d.instance,
    count(c.quoi) filter (where c.quoi = 'montants_articles') as montants_articles,
    count(c.quoi) filter (where c.quoi = 'imputation_deliberation') as lignes_imputation_deliberation,
    count(c.quoi) filter (where c.quoi = 'imputation_rapport') as lignes_imputation_rapport,
    count(c.quoi) filter (where c.quoi = 'subventions') as subventions,
    count(c.quoi) filter (where c.quoi = 'bilans') as bilans,
    count(c.quoi) filter (where c.quoi = 'cibles_indicateurs') as cibles_indicateurs,
    count(c.quoi) filter (where c.quoi = 'lignes_non_lues') as lignes_non_lues,
    count(c.quoi) filter (where c.quoi = 'anomalies') as anomalies,
    count(c.quoi) filter (where c.quoi = 'incomplet') = 0 as complet,
    count(c.quoi) filter (where c.quoi like 'chiffre_%') as chiffres,
    count(c.quoi) filter (where c.quoi = 'chiffre_lu') as chiffres_lus,
    count(c.quoi) filter (where c.quoi = 'chiffre_non_lu') as chiffres_non_lus,
    count(c.quoi) filter (where c.quoi = 'chiffre_contexte') as chiffres_contexte
from {{ ref('deliberations') }} as d
left join comptes as c on d.doc_id = c.doc_id
group by all
