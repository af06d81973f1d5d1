-- Every co-financing amount of every version of a contract (documents in quarantine left
-- out), with the contract (int_contrats_documents) and `en_vigueur`: true for the amount of
-- the latest deliberation (by date of sitting, then numero) that gives one for the same
-- contract, action, funder and year.
with cofinancements as (
    select
        f.*,
        c.contrat,
        c.numero,
        c.date_seance,
        c.ordre
    from {{ ref('int_cofinancements') }} as f
    inner join {{ ref('int_contrats_documents') }} as c on f.doc_id = c.doc_id
    where {{ hors_quarantaine('f.doc_id') }}
)

select
    *,
    ordre = max(ordre) over (partition by contrat, action_code, financeur, annee) as en_vigueur
from cofinancements
