{# Formulas of the indicator follow-up, shared by realise_vs_cible and trajectoires_pacte.
   `sens` is 'hausse' (the value must rise to the target) or 'baisse' (it must fall to it). #}

{# The target is reached in the indicator's direction (null when a value is missing). #}
{% macro cible_atteinte(realise, cible, sens) -%}
    (case when {{ sens }} = 'baisse' then {{ realise }} <= {{ cible }} else {{ realise }} >= {{ cible }} end)
{%- endmacro %}

{# Share of the way from the baseline to the target covered by `realise`, as a fraction
   (1 = target reached, > 1 beyond it, < 0 moved away from it). The quotient
   (realise - initiale) / (cible - initiale) is the same for both directions (the mirrored
   formula of a 'baisse' indicator is equal to it). Edge cases:
   - a value missing -> null, never 0;
   - no baseline: a 'hausse' indicator is measured from 0 (realise / cible); a 'baisse'
     indicator has no measurable way -> null;
   - target equal to the baseline (no way to cover, or cible = 0 without baseline):
     1 if the target is reached in the indicator's direction, else 0. #}
{% macro part_du_chemin(realise, initiale, cible, sens) -%}
    cast(case
        when {{ realise }} is null or {{ cible }} is null then null
        when {{ sens }} = 'baisse' and {{ initiale }} is null then null
        when {{ cible }} = coalesce({{ initiale }}, 0) then
            case when {{ cible_atteinte(realise, cible, sens) }} then 1 else 0 end
        else ({{ realise }} - coalesce({{ initiale }}, 0)) / ({{ cible }} - coalesce({{ initiale }}, 0))
    end as decimal(18, 4))
{%- endmacro %}

{# A fraction bounded to [0, 1]; null stays null (DuckDB's greatest/least skip nulls). #}
{% macro borne_0_1(expr) -%}
    cast(case when {{ expr }} is not null then greatest(0, least(1, {{ expr }})) end as decimal(18, 4))
{%- endmacro %}

{# 'non_renseigne' when the realised value or the target is missing; 'atteint' when the
   target is reached in the indicator's direction; 'en_cours' when the value moved from the
   baseline in the right direction (from 0 for a 'hausse' indicator without baseline);
   'non_atteint' otherwise (no progress, regression, or a 'baisse' indicator without
   baseline that has not reached its target). #}
{% macro statut_realisation(realise, initiale, cible, sens) -%}
    case
        when {{ realise }} is null or {{ cible }} is null then 'non_renseigne'
        when {{ cible_atteinte(realise, cible, sens) }} then 'atteint'
        when {{ sens }} = 'baisse' and {{ realise }} < {{ initiale }} then 'en_cours'
        when {{ sens }} <> 'baisse' and {{ realise }} > coalesce({{ initiale }}, 0) then 'en_cours'
        else 'non_atteint'
    end
{%- endmacro %}
