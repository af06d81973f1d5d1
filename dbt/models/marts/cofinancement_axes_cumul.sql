-- The co-financing of each axe of a contract year by year (marts.matrice_cofinancement, totals per
-- axe) with the running sums from the first year: the mid-term evaluation reads the row of the
-- last elapsed year ("programmé 2024–2025") and the total over all years, never sums itself.
with annuel as (
    select
        doc_id,
        axe_code,
        axe,
        annee,
        total_eur,
        etat_eur,
        departement_eur,
        autres_eur
    from {{ ref('matrice_cofinancement') }}
    where type_ligne = 'total_axe' and annee is not null
),

contrat as (
    select
        doc_id,
        axe_code,
        total_eur
    from {{ ref('matrice_cofinancement') }}
    where type_ligne = 'total_axe' and annee is null
),

lignes as (
    select
        doc_id,
        axe_code,
        list(distinct ligne order by ligne) as lignes
    from {{ ref('cofinancements') }}
    group by doc_id, axe_code
),

cumuls as (
    select
        a.*,
        sum(a.total_eur) over w as cumul_total_eur,
        sum(a.etat_eur) over w as cumul_etat_eur,
        sum(a.departement_eur) over w as cumul_departement_eur,
        sum(a.autres_eur) over w as cumul_autres_eur,
        min(a.annee) over (partition by a.doc_id) as premiere_annee,
        max(a.annee) over (partition by a.doc_id) as derniere_annee
    from annuel as a
    window w as (partition by a.doc_id, a.axe_code order by a.annee rows between unbounded preceding and current row)
)

select
    c.doc_id,
    c.axe_code,
    c.axe,
    c.annee,
    c.premiere_annee,
    c.derniere_annee,
    cast(c.total_eur as decimal(18, 2)) as total_annee_eur,
    cast(c.cumul_total_eur as decimal(18, 2)) as cumul_total_eur,
    cast(c.cumul_etat_eur as decimal(18, 2)) as cumul_etat_eur,
    cast(c.cumul_departement_eur as decimal(18, 2)) as cumul_departement_eur,
    cast(c.cumul_autres_eur as decimal(18, 2)) as cumul_autres_eur,
    cast(t.total_eur as decimal(18, 2)) as total_contrat_eur,
    cast(c.cumul_total_eur / nullif(t.total_eur, 0) as decimal(18, 4)) as part_ecoulee,
    l.lignes,
    cast(dense_rank() over (order by d.ordre, {{ code_ordre("c.axe_code") }}) as integer) as ordre_axe
from cumuls as c
inner join contrat as t on c.doc_id = t.doc_id and c.axe_code = t.axe_code
inner join {{ ref('sources_documents') }} as d on c.doc_id = d.doc_id
left join lignes as l on c.doc_id = l.doc_id and c.axe_code = l.axe_code
