{# Normalised key of a structure name: lower case, no accents, no punctuation or spaces,
   without articles and "association": "CCAS d'Arras" -> 'ccasarras', "MEM PA" -> 'mempa'. #}
{% macro structure_key(expr) -%}
    array_to_string(list_filter(
        string_split(trim(regexp_replace(strip_accents(lower({{ expr }})), '[^a-z0-9]+', ' ', 'g')), ' '),
        lambda x: x not in ('le', 'la', 'les', 'l', 'd', 'de', 'du', 'des', 'association', 'asso', '')
    ), '')
{%- endmacro %}
