-- The indicators followed year by year: those of the contracts' actions (local indicators of
-- the table of actions, national indicators of each fiche). The national table repeats the
-- fiches' national indicators without an action: it is not followed a second time.
-- Identity = (action_code, referentiel, indicateur with whitespace collapsed); its direction
-- comes from the reviewed seed `sens_indicateurs` (null when the seed has no row: a test fails).
-- When several deliberations carry the contract (an avenant), the indicator is the one of the
-- latest deliberation that prints it (int_contrats_documents.ordre); documents in quarantine
-- are left out.
with indicateurs as (
    select
        doc_id,
        any_value(axe_code) as axe_code,
        any_value(action_code) as action_code,
        any_value(referentiel) as referentiel,
        any_value(source) as source,
        trim(regexp_replace(any_value(indicateur), '\s+', ' ', 'g')) as indicateur,
        any_value(situation_initiale) as situation_initiale,
        any_value(date_situation_initiale) as date_situation_initiale,
        ligne_indicateur
    from {{ ref('stg_indicateurs_valeurs') }}
    where source in ('annexe1', 'fiche') and action_code is not null and {{ hors_quarantaine() }}
    group by doc_id, ligne_indicateur
),

versions as (
    select
        i.*,
        c.contrat,
        c.ordre = max(c.ordre) over (partition by i.action_code, i.referentiel, i.indicateur) as derniere_version
    from indicateurs as i
    inner join {{ ref('int_contrats_documents') }} as c on i.doc_id = c.doc_id
)

select
    v.doc_id,
    v.axe_code,
    v.action_code,
    v.referentiel,
    v.source,
    v.indicateur,
    v.situation_initiale,
    v.date_situation_initiale,
    v.ligne_indicateur,
    v.contrat,
    s.sens
from versions as v
left join {{ ref('sens_indicateurs') }} as s
    on v.action_code = s.action_code
        and v.referentiel = s.referentiel
        and trim(regexp_replace(s.indicateur, '\s+', ' ', 'g')) = v.indicateur
where v.derniere_version
