{{ config(meta={'dagster': {'ref': {'name': 'int_realises'}}}) }}
-- Every realised value names a followed indicator (action_code, referentiel, indicateur), so
-- none is silently left out of marts.realise_vs_cible.
select
    r.origine,
    r.doc_id,
    r.fichier,
    r.ligne,
    r.action_code,
    r.referentiel,
    r.indicateur,
    r.annee
from {{ ref('int_realises') }} as r
where not exists (
        select 1 from {{ ref('int_indicateurs_suivis') }} as i
        where i.action_code = r.action_code and i.referentiel = r.referentiel and i.indicateur = r.indicateur
    )
