-- The indicators followed year by year: those of the contracts' actions (local indicators of
-- the table of actions, national indicators of each fiche). The national table repeats the
-- fiches' national indicators without an action: it is not followed a second time.
-- Identity = (action_code, referentiel, indicateur with whitespace collapsed); its direction
-- comes from the reviewed seed `sens_indicateurs` (null when the seed has no row: a test fails).
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
    where source in ('annexe1', 'fiche') and action_code is not null
    group by doc_id, ligne_indicateur
)

select i.*, s.sens
from indicateurs as i
left join {{ ref('sens_indicateurs') }} as s
    on s.action_code = i.action_code
    and s.referentiel = i.referentiel
    and trim(regexp_replace(s.indicateur, '\s+', ' ', 'g')) = i.indicateur
