{# A date written the French way for citations: 2024-04-15 -> '15 avril 2024', 2024-04-01 -> '1er avril 2024'. #}
{% macro date_fr(expr) -%}
    (case when day({{ expr }}) = 1 then '1er' else cast(day({{ expr }}) as varchar) end
     || ' ' || ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre',
                'octobre', 'novembre', 'décembre'][month({{ expr }})]
     || ' ' || cast(year({{ expr }}) as varchar))
{%- endmacro %}

{# How an analyst quotes a line: 'Délib. n° 2024-176 du 15 avril 2024, l. 701'. #}
{% macro citation_source(reference, ligne) -%}
    ({{ reference }} || ', l. ' || cast({{ ligne }} as varchar))
{%- endmacro %}

{# Sort key of an axe or action code, compared number by number: '1.10' after '1.9'. #}
{% macro code_ordre(expr) -%}
    list_transform(string_split(coalesce({{ expr }}, ''), '.'), lambda p: lpad(p, 6, '0'))
{%- endmacro %}
