-- The flow of a bilan: the people accompanied in the year are those still accompanied at its end
-- plus those who left (« 13 495 bénéficiaires du RSA ont été accompagnés ; 1 310 BRSA étaient
-- encore en cours d'accompagnement au 31 décembre ; 12 185 sorties ont eu lieu »). Checked when one
-- bilan prints the three figures, once each: the people accompanied (not « depuis » a past year,
-- a cumulative count), those « en cours d'accompagnement », and the exits (« sorties » alone, not
-- the « sorties dynamiques » or « positives » that are a part of them). avertissement: the relation
-- is the one a reader assumes, not printed by the document.
with figures as (
    select
        doc_id,
        dispositif_code,
        ligne,
        indicateur,
        valeur
    from {{ ref('bilans') }}
    where unite <> '%' and valeur > 0
),

accompanied as (
    select * from figures
    where regexp_matches(indicateur, 'accompagné(e)?s', 'i')
        and not regexp_matches(indicateur, 'en cours|depuis', 'i')
),

ongoing as (
    select * from figures
    where regexp_matches(indicateur, 'en cours d.accompagnement', 'i')
),

exits as (
    select * from figures
    where regexp_matches(indicateur, '^sorties\b', 'i')
        and not regexp_matches(indicateur, '^sorties\s+(dynamiques|positives)', 'i')
),

flows as (
    select
        a.doc_id,
        a.dispositif_code,
        a.ligne,
        a.valeur as accompagnes,
        o.valeur as en_cours,
        e.valeur as sorties
    from accompanied as a
    inner join ongoing as o
        on a.doc_id = o.doc_id and a.dispositif_code is not distinct from o.dispositif_code and a.ligne = o.ligne
    inner join exits as e
        on a.doc_id = e.doc_id and a.dispositif_code is not distinct from e.dispositif_code and a.ligne = e.ligne
    qualify count(*) over (partition by a.doc_id, a.dispositif_code, a.ligne) = 1
)

select
    'bilan_flux' as controle,
    'avertissement' as gravite,
    doc_id,
    ligne,
    accompagnes as valeur_declaree,
    en_cours + sorties as valeur_calculee,
    accompagnes - (en_cours + sorties) as ecart,
    'Bilan ' || coalesce(dispositif_code || ' ', '') || '(l.' || ligne || ') : '
    || replace(format('{:,.0f}', cast(accompagnes as double)), ',', ' ') || ' accompagnés ≠ '
    || replace(format('{:,.0f}', cast(en_cours as double)), ',', ' ') || ' encore en cours d''accompagnement + '
    || replace(format('{:,.0f}', cast(sorties as double)), ',', ' ') || ' sorties = '
    || replace(format('{:,.0f}', cast(en_cours + sorties as double)), ',', ' ')
    || ' (les accompagnés de l''année sont ceux encore suivis à sa fin plus ceux sortis : relation supposée, à vérifier)'
        as message,
    [ligne] as lignes
from flows
where accompagnes <> en_cours + sorties
