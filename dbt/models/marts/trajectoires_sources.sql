-- Provenance of each indicator of marts.trajectoires_pacte: the citation of its title line, the
-- lines that print its targets, the sources of its realised values ("2024 : realise_2024.xlsx l.5
-- (DDETS)"), and the order of the mid-term report (contract, action by code, local
-- indicators first, then by line).
with suivi as (
    select
        doc_id,
        ligne_indicateur,
        list(distinct ligne_cible order by ligne_cible) filter (where ligne_cible is not null) as lignes_cibles,
        list(annee || ' : ' || source_realise order by annee) filter (where source_realise is not null)
            as sources_realises
    from {{ ref('realise_vs_cible') }}
    group by doc_id, ligne_indicateur
)

select
    t.doc_id,
    t.ligne_indicateur,
    s.citation,
    s.texte,
    s.contexte_avant,
    s.contexte_apres,
    coalesce(u.lignes_cibles, []) as lignes_cibles,
    coalesce(u.sources_realises, []) as sources_realises,
    cast(row_number() over (
        order by d.ordre, {{ code_ordre("t.action_code") }}, t.referentiel <> 'local', t.ligne_indicateur
    ) as integer) as ordre
from {{ ref('trajectoires_pacte') }} as t
inner join {{ ref('sources_documents') }} as d on t.doc_id = d.doc_id
left join {{ ref('sources_lignes') }} as s on t.doc_id = s.doc_id and t.ligne_indicateur = s.ligne
left join suivi as u on t.doc_id = u.doc_id and t.ligne_indicateur = u.ligne_indicateur
