-- The co-financing matrix (marts.matrice_cofinancement) per contract and year as the bilan and the
-- spreadsheet print it: a label per row ("1.2 Pack jeune...", "Total axe 1 — ...", "Total du
-- contrat 2024"), the lines of marts.cofinancements each amount sums, and the order of the rows
-- (axes and actions by code, 1.10 after 1.9, then the axe total, the contract total last).
with matrice as (
    select * from {{ ref('matrice_cofinancement') }}
    where annee is not null
),

lignes as (
    select
        doc_id,
        annee,
        axe_code,
        action_code,
        case when grouping(action_code) = 0 then 'action' when grouping(axe_code) = 0 then 'total_axe' else 'total' end
            as type_ligne,
        list(distinct ligne order by ligne) as lignes
    from {{ ref('cofinancements') }}
    group by grouping sets ((doc_id, annee, axe_code, action_code), (doc_id, annee, axe_code), (doc_id, annee))
)

select
    m.doc_id,
    d.reference,
    m.annee,
    m.type_ligne,
    m.axe_code,
    m.axe,
    m.action_code,
    m.action,
    case m.type_ligne
        when 'action' then m.action_code || coalesce(' ' || m.action, '')
        when 'total_axe' then 'Total axe ' || m.axe_code || coalesce(' — ' || m.axe, '')
        else 'Total du contrat ' || m.annee
    end as libelle,
    m.etat_eur,
    m.departement_eur,
    m.autres_eur,
    m.total_eur,
    m.part_etat,
    l.lignes,
    cast(row_number() over (
        partition by m.doc_id, m.annee
        order by
            m.type_ligne = 'total', {{ code_ordre("m.axe_code") }},
            m.type_ligne = 'total_axe', {{ code_ordre("m.action_code") }}
    ) as integer) as ordre
from matrice as m
inner join {{ ref('sources_documents') }} as d on m.doc_id = d.doc_id
left join lignes as l
    on m.doc_id = l.doc_id and m.annee = l.annee and m.type_ligne = l.type_ligne
        and l.axe_code is not distinct from m.axe_code and l.action_code is not distinct from m.action_code
