-- Every line of every document as an analyst quotes it: the citation
-- ("Délib. n° 2024-176 du 15 avril 2024, l. 701"), the line itself and one line of context on
-- each side (the nearest non-blank lines). The reports show the citation and unfold the rest.
with lignes as (
    select
        s.doc_id,
        s.ligne,
        s.texte,
        nullif(trim(s.texte), '') as texte_plein
    from {{ ref('lignes_source') }} as s
),

contexte as (
    select
        doc_id,
        ligne,
        texte,
        last_value(texte_plein ignore nulls) over (
            partition by doc_id order by ligne rows between unbounded preceding and 1 preceding
        ) as contexte_avant,
        first_value(texte_plein ignore nulls) over (
            partition by doc_id order by ligne rows between 1 following and unbounded following
        ) as contexte_apres
    from lignes
)

select
    c.doc_id,
    c.ligne,
    d.reference,
    {{ citation_source('d.reference', 'c.ligne') }} as citation,
    trim(c.texte) as texte,
    trim(c.contexte_avant) as contexte_avant,
    trim(c.contexte_apres) as contexte_apres
from contexte as c
inner join {{ ref('sources_documents') }} as d on c.doc_id = d.doc_id
