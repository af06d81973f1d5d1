-- Per action of the pact: how many of its indicators are on which trajectory
-- (marts.trajectoires_pacte.statut_2027) and the action's verdict: "en_retard" as soon as one
-- indicator is late, "dans_les_temps" when every measured one is ahead or reached,
-- "non_renseigne" when none is measured. `ordre`: contract by date, action by code.
with comptes as (
    select
        t.doc_id,
        t.action_code,
        any_value(t.axe_code) as axe_code,
        any_value(t.action) as action,
        count(*) as indicateurs,
        count(*) filter (where t.statut_2027 = 'atteint') as atteint,
        count(*) filter (where t.statut_2027 = 'en_avance') as en_avance,
        count(*) filter (where t.statut_2027 = 'en_retard') as en_retard,
        count(*) filter (where t.statut_2027 = 'non_renseigne') as non_renseigne
    from {{ ref('trajectoires_pacte') }} as t
    group by t.doc_id, t.action_code
)

select
    c.doc_id,
    c.axe_code,
    c.action_code,
    c.action,
    c.indicateurs,
    c.atteint,
    c.en_avance,
    c.en_retard,
    c.non_renseigne,
    case
        when c.en_retard > 0 then 'en_retard'
        when c.en_avance + c.atteint > 0 then 'dans_les_temps'
        else 'non_renseigne'
    end as verdict,
    cast(row_number() over (order by d.ordre, {{ code_ordre("c.action_code") }}) as integer) as ordre
from comptes as c
inner join {{ ref('sources_documents') }} as d on c.doc_id = d.doc_id
