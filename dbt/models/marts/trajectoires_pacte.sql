-- The trajectory of each indicator over the pact: baseline at 31/12/2023, targets and
-- realised values 2024-2027, and the share of the way to the 2027 target covered by the latest
-- realised value, compared with the share expected for the elapsed time (linear from 2023).
{% set annee_initiale = 2023 %}
{% set annee_finale = 2027 %}
with suivi as (
    select * from {{ ref('realise_vs_cible') }}
),

indicateurs as (
    select
        doc_id,
        ligne_indicateur,
        any_value(axe_code) as axe_code,
        any_value(action_code) as action_code,
        any_value(action) as action,
        any_value(referentiel) as referentiel,
        any_value(indicateur) as indicateur,
        any_value(sens) as sens,
        -- the baseline read in the document, when it is the one of the pact's first year
        any_value(case
            when date_situation_initiale is null or year(date_situation_initiale) = {{ annee_initiale }}
                then situation_initiale
        end) as situation_initiale_{{ annee_initiale }},
        {% for annee in range(annee_initiale + 1, annee_finale + 1) %}
            any_value(cible) filter (where annee = {{ annee }}) as cible_{{ annee }},
        {% endfor %}
        {% for annee in range(annee_initiale + 1, annee_finale + 1) %}
            any_value(realise) filter (where annee = {{ annee }}) as realise_{{ annee }},
        {% endfor %}
        max(annee) filter (where realise is not null and annee between {{ annee_initiale + 1 }} and {{ annee_finale }})
            as derniere_annee_realisee
    from suivi
    group by doc_id, ligne_indicateur
),

derniers as (
    select
        *,
        case derniere_annee_realisee
            {% for annee in range(annee_initiale + 1, annee_finale + 1) %}
                when {{ annee }} then realise_{{ annee }}
            {% endfor %}
        end as dernier_realise,
        cast((derniere_annee_realisee - {{ annee_initiale }}) / {{ annee_finale - annee_initiale }} as decimal(18, 4))
            as part_attendue
    from indicateurs
),

parts as (
    select
        *,
        {{ part_du_chemin('dernier_realise', 'situation_initiale_' ~ annee_initiale, 'cible_' ~ annee_finale, 'sens') }}
            as part_chemin_{{ annee_finale }}
    from derniers
)

select
    doc_id,
    axe_code,
    action_code,
    action,
    referentiel,
    indicateur,
    sens,
    situation_initiale_{{ annee_initiale }},
    {% for annee in range(annee_initiale + 1, annee_finale + 1) %}
        cible_{{ annee }},
    {% endfor %}
    {% for annee in range(annee_initiale + 1, annee_finale + 1) %}
        realise_{{ annee }},
    {% endfor %}
    derniere_annee_realisee,
    dernier_realise,
    part_attendue,
    part_chemin_{{ annee_finale }},
    {{ borne_0_1('part_chemin_' ~ annee_finale) }} as part_chemin_{{ annee_finale }}_bornee,
    case
        when dernier_realise is null or cible_{{ annee_finale }} is null then 'non_renseigne'
        when {{ cible_atteinte('dernier_realise', 'cible_' ~ annee_finale, 'sens') }} then 'atteint'
        when part_chemin_{{ annee_finale }} is null then 'non_renseigne'
        when part_chemin_{{ annee_finale }} >= part_attendue then 'en_avance'
        else 'en_retard'
    end as statut_{{ annee_finale }},
    ligne_indicateur
from parts
