-- Percentages printed vs computed from the figures they describe: a percentage printed with
-- decimals in a bilan (« 506 jeunes … soit 62,77 % ») against the ratio of two counts of the same
-- bilan (506 / 807 = 62,70 %). The closest ratio of two counts of the dispositif's bilan is taken;
-- it is flagged when it is within half a point of the printed percentage (so it is the ratio
-- described) but not equal at the printed precision. avertissement: a rounding or a typo.
with figures as (
    select
        doc_id,
        dispositif_code,
        ligne,
        valeur,
        unite,
        indicateur
    from {{ ref('bilans') }}
),

percentages as (
    select * from figures
    where unite = '%' and valeur <> round(valeur, 0)
),

counts as (
    select * from figures
    where unite <> '%' and valeur > 0
),

ratios as (
    select
        p.doc_id,
        p.dispositif_code,
        p.ligne,
        p.valeur as pourcentage,
        p.indicateur,
        a.valeur as numerateur,
        b.valeur as denominateur,
        a.valeur * 100 / b.valeur as calcule
    from percentages as p
    inner join counts as a on p.doc_id = a.doc_id and p.dispositif_code = a.dispositif_code and p.ligne = a.ligne
    inner join counts as b on p.doc_id = b.doc_id and p.dispositif_code = b.dispositif_code and p.ligne = b.ligne
    where a.valeur < b.valeur
    qualify row_number() over (
            partition by p.doc_id, p.dispositif_code, p.ligne, p.valeur order by abs(a.valeur * 100 / b.valeur - p.valeur)
        ) = 1
)

select
    'pourcentage_calcule' as controle,
    'avertissement' as gravite,
    doc_id,
    ligne,
    pourcentage as valeur_declaree,
    cast(round(calcule, 2) as decimal(18, 2)) as valeur_calculee,
    cast(pourcentage - round(calcule, 2) as decimal(18, 2)) as ecart,
    'Bilan ' || dispositif_code || ' : ' || replace(cast(pourcentage as varchar), '.', ',') || ' % imprimé (l.' || ligne || ') ; '
    || cast(cast(numerateur as bigint) as varchar) || ' / ' || cast(cast(denominateur as bigint) as varchar)
    || ' = ' || replace(cast(cast(round(calcule, 2) as decimal(18, 2)) as varchar), '.', ',') || ' %' as message,
    [ligne] as lignes
from ratios
where abs(calcule - pourcentage) <= 0.5 and abs(round(calcule, 2) - pourcentage) >= 0.01
