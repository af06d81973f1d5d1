-- A table whose amounts the parsers could not read at all (pipelines/extract/subsidies/pivot.py
-- lists each of its amount lines in raw.lignes_non_lues, the reason starting with « tableau non
-- lu : »): its grants and totals are missing from the warehouse, and the controls that compare
-- them have nothing to compare. One anomaly per document and reason, from its first to its last
-- line. Severity `lecture_incertaine`: no figure disagrees, a part of the document is not read.
with non_lus as (
    select
        doc_id,
        trim(substr(raison, length('tableau non lu :') + 1)) as pourquoi,
        min(ligne) as premiere_ligne,
        max(ligne) as derniere_ligne,
        count(*) as nb_lignes
    from {{ ref('stg_lignes_non_lues') }}
    where raison like 'tableau non lu :%'
    group by doc_id, raison
)

select
    'tableau_non_lu' as controle,
    'lecture_incertaine' as gravite,
    doc_id,
    premiere_ligne as ligne,
    cast(null as decimal(18, 2)) as valeur_declaree,
    cast(null as decimal(18, 2)) as valeur_calculee,
    cast(null as decimal(18, 2)) as ecart,
    'Tableau non lu (l.' || premiere_ligne || ' à ' || derniere_ligne || ', ' || nb_lignes
    || ' lignes de montants) : ' || pourquoi
    || ' ; ses subventions et ses totaux manquent à l''entrepôt, à relire sur l''original' as message,
    [premiere_ligne, derniere_ligne] as lignes
from non_lus
