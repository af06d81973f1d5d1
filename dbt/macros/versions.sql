{# Shared by the contract-version and quarantine models. #}

{# Key of a printed label, accents, case, apostrophes and punctuation aside:
   "Accueil de proximité, repérage" -> 'accueil de proximite reperage'. #}
{% macro cle_texte(expr) -%}
    trim(regexp_replace(lower(strip_accents(replace(replace({{ expr }}, '’', ''''), '«', '"'))), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}

{# Order of deliberations: by date of sitting, then by numero read as numbers
   ('2024-99' before '2024-176'), then by document. #}
{% macro ordre_deliberations(date_seance, numero, doc_id) -%}
    {{ date_seance }} nulls first,
    try_cast(split_part({{ numero }}, '-', 1) as integer) nulls first,
    try_cast(split_part({{ numero }}, '-', 2) as integer) nulls first,
    {{ numero }},
    {{ doc_id }}
{%- endmacro %}

{# Rows of a document quarantined by dbt (int_documents_quarantaine) are kept out of the marts. #}
{% macro hors_quarantaine(doc_id='doc_id') -%}
    {{ doc_id }} not in (select q.doc_id from {{ ref('int_documents_quarantaine') }} as q)
{%- endmacro %}
