-- Documents quarantined by dbt: two deliberations with the same numero. The first file (by
-- date of sitting, then file name) is kept; each later one is quarantined with the reason
-- « doublon du numéro <numero> de <fichier> », unless it is a later version of a contract the
-- first one carries (a later date of sitting and the same contract, int_contrats_documents).
-- Their rows stay in raw.* but no mart shows them (macro hors_quarantaine); they are listed
-- in marts.documents_rejetes.
with documents as (
    select
        d.doc_id,
        d.numero,
        d.date_seance,
        f.fichier,
        f.sha256,
        f.taille_octets,
        c.contrat,
        c.porte_des_actions,
        row_number() over (partition by d.numero order by d.date_seance nulls first, f.fichier) as rang
    from {{ ref('stg_deliberations') }} as d
    inner join {{ ref('stg_documents') }} as f on d.doc_id = f.doc_id
    left join {{ ref('int_contrats_documents') }} as c on d.doc_id = c.doc_id
    where d.numero is not null
)

select
    l.doc_id,
    l.fichier,
    l.sha256,
    l.taille_octets,
    'doublon du numéro ' || l.numero || ' de ' || p.fichier as raison
from documents as l
inner join documents as p on l.numero = p.numero and p.rang = 1
where l.rang > 1
    and not (
        l.porte_des_actions and l.contrat is not distinct from p.contrat
        and l.date_seance is distinct from p.date_seance
    )
