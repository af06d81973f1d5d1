{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'sens_indicateurs'}}}) }}
-- A row of the seed sens_indicateurs that names no followed indicator (an indicator renamed or
-- removed from the documents): the seed should be reviewed.
select
    s.action_code,
    s.referentiel,
    s.indicateur
from {{ ref('sens_indicateurs') }} as s
where not exists (
        select 1 from {{ ref('int_indicateurs_suivis') }} as i
        where i.action_code = s.action_code and i.referentiel = s.referentiel
            and i.indicateur = trim(regexp_replace(s.indicateur, '\s+', ' ', 'g'))
    )
