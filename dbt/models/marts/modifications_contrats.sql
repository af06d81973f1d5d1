-- What each later deliberation of a contract changed: for every target (contract, action,
-- referential, indicator, year) and every co-financing amount (contract, action, funder,
-- year) that a deliberation prints, its value against the one of the previous deliberation
-- of the contract that printed it (date of sitting, then numero). A different value is a
-- `modification`; a value no earlier deliberation of the contract printed is an `ajout` (only
-- after the contract's first deliberation). A value a later deliberation does not reprint is
-- not a change: the earlier one stays en vigueur. Documents in quarantine are left out.
with valeurs as (
    select
        'cible' as objet,
        contrat,
        doc_id,
        ordre,
        action_code,
        referentiel,
        cle_indicateur as cle,
        indicateur,
        cast(null as varchar) as financeur,
        annee,
        cible as valeur,
        ligne
    from {{ ref('int_cibles_versions') }}
    union all
    select
        'cofinancement',
        contrat,
        doc_id,
        ordre,
        action_code,
        cast(null as varchar),
        financeur,
        cast(null as varchar),
        financeur,
        annee,
        montant_eur,
        ligne
    from {{ ref('int_cofinancements_versions') }}
),

-- one value per key and deliberation (the first printed when a document repeats it)
par_document as (
    select
        objet,
        contrat,
        doc_id,
        ordre,
        action_code,
        referentiel,
        cle,
        annee,
        arg_min(indicateur, ligne) as indicateur,
        arg_min(financeur, ligne) as financeur,
        arg_min(valeur, ligne) as valeur,
        min(ligne) as ligne
    from valeurs
    group by all
),

suites as (
    select
        *,
        lag(doc_id) over cle_version as doc_id_avant,
        lag(valeur) over cle_version as valeur_avant,
        lag(ligne) over cle_version as ligne_avant
    from par_document
    window cle_version as (partition by objet, contrat, action_code, referentiel, cle, annee order by ordre)
),

-- the first deliberation of each contract among those that print values
premieres as (
    select
        contrat,
        min(ordre) as ordre
    from par_document
    group by contrat
)

select
    s.contrat,
    s.objet,
    case when s.doc_id_avant is null then 'ajout' else 'modification' end as nature,
    s.action_code,
    s.referentiel,
    s.indicateur,
    s.financeur,
    cast(s.annee as integer) as annee,
    cast(s.valeur_avant as decimal(18, 2)) as valeur_avant,
    cast(s.valeur as decimal(18, 2)) as valeur_apres,
    s.doc_id_avant,
    da.numero as numero_avant,
    cast(s.ligne_avant as bigint) as ligne_avant,
    s.doc_id as doc_id_apres,
    dp.numero as numero_apres,
    dp.date_seance as date_seance_apres,
    cast(s.ligne as bigint) as ligne_apres
from suites as s
inner join premieres as p on s.contrat = p.contrat
left join {{ ref('int_contrats_documents') }} as da on s.doc_id_avant = da.doc_id
left join {{ ref('int_contrats_documents') }} as dp on s.doc_id = dp.doc_id
where s.ordre > p.ordre
    and (s.doc_id_avant is null or s.valeur is distinct from s.valeur_avant)
order by s.contrat, dp.date_seance, s.objet, s.action_code, s.annee
