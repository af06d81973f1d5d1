{{ config(severity='error') }}
-- Every followed indicator has its reviewed direction in the seed sens_indicateurs: a new
-- indicator cannot silently get none. Fix: read it and add its row to
-- dbt/seeds/reference/sens_indicateurs.csv (action_code, referentiel, indicateur, sens, justification).
select
    doc_id,
    action_code,
    referentiel,
    indicateur,
    ligne_indicateur
from {{ ref('int_indicateurs_suivis') }}
where sens is null
