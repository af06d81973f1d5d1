{# An amount formatted the French way for messages: 1234567.8 -> '1 234 567,80 €'. #}
{% macro fr_eur(expr) -%}
    coalesce(replace(replace(format('{:,.2f}', cast({{ expr }} as double)), ',', ' '), '.', ',') || ' €', 'illisible')
{%- endmacro %}
