-- Every realised value of an indicator and year, from the two sources, and the one retained:
-- a value typed by the services in a yearly file wins over a result printed in a deliberation
-- (the file is the services' reviewed figure for the bilan); between deliberations, the latest
-- sitting wins. A value that is not retained keeps its row here (retenu = false), and the
-- retained one names it in `source_realise` when its figure differs.
with candidats as (
    select
        'fichier' as origine,
        action_code,
        referentiel,
        trim(regexp_replace(indicateur, '\s+', ' ', 'g')) as indicateur,
        annee,
        realise,
        cast(null as varchar) as doc_id,
        fichier,
        ligne,
        cast(null as date) as date_seance,
        fichier || ' l.' || ligne || coalesce(' (' || nullif(trim(source), '') || ')', '') as source_realise
    from {{ ref('stg_realises_saisis') }}

    union all

    select
        'document' as origine,
        v.action_code,
        v.referentiel,
        trim(regexp_replace(v.indicateur, '\s+', ' ', 'g')) as indicateur,
        v.annee,
        v.valeur as realise,
        v.doc_id,
        cast(null as varchar) as fichier,
        v.ligne,
        d.date_seance,
        v.doc_id || ' l.' || v.ligne as source_realise
    from {{ ref('stg_indicateurs_valeurs') }} as v
    left join {{ ref('stg_deliberations') }} as d on v.doc_id = d.doc_id
    where v.type_valeur = 'realise' and v.source in ('annexe1', 'fiche') and v.action_code is not null
        and {{ hors_quarantaine('v.doc_id') }}
),

ranges as (
    select
        *,
        row_number() over (
            partition by action_code, referentiel, indicateur, annee
            order by origine = 'fichier' desc, date_seance desc nulls last, doc_id asc, ligne asc
        ) as rang
    from candidats
),

remplaces as (
    select
        r.action_code,
        r.referentiel,
        r.indicateur,
        r.annee,
        string_agg(r.source_realise || ' : ' || cast(r.realise as varchar), ' ; ' order by r.rang) as remplaces
    from ranges as r
    inner join ranges as k
        on k.rang = 1 and r.action_code = k.action_code and r.referentiel = k.referentiel
            and r.indicateur = k.indicateur and r.annee = k.annee
    where r.rang > 1 and r.realise <> k.realise
    group by all
)

select
    r.origine,
    r.action_code,
    r.referentiel,
    r.indicateur,
    r.annee,
    r.realise,
    r.doc_id,
    r.fichier,
    r.ligne,
    r.rang = 1 as retenu,
    case
        when r.rang = 1 and p.remplaces is not null then r.source_realise || ' ; remplace ' || p.remplaces
        else r.source_realise
    end as source_realise
from ranges as r
left join remplaces as p
    on r.rang = 1 and r.action_code = p.action_code and r.referentiel = p.referentiel
        and r.indicateur = p.indicateur and r.annee = p.annee
