-- The decision printed on each grant line: `defavorable` when a line of the row (from its first
-- line to the line of its amount) says "avis défavorable" ("- avis défavorable à l'instruction
-- 0,00"), `sans_montant` for an amount of 0 with no such mark, else `favorable`. Grant lines not
-- `favorable` are kept in subventions but left out of financing totals.
select
    s.doc_id,
    s.ligne,
    s.structure,
    case
        when bool_or(regexp_matches(strip_accents(lower(l.texte)), 'avis\s+defavorable')) then 'defavorable'
        when any_value(s.montant_eur) = 0 then 'sans_montant'
        else 'favorable'
    end as decision
from {{ ref('stg_subventions') }} as s
left join {{ ref('stg_lignes_source') }} as l
    on s.doc_id = l.doc_id and l.ligne between coalesce(s.ligne_debut, s.ligne) and s.ligne
group by s.doc_id, s.ligne, s.structure
