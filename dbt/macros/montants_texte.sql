{# The amounts written in sentences of one categorie (int_chiffres_texte): sub-action amounts,
   unit rates. One select for the marts that list them. #}
{% macro montants_texte(categorie) -%}
select
    doc_id,
    annee,
    objet,
    valeur as montant_eur,
    unite,
    section,
    partenaire,
    ligne,
    position,
    texte,
    phrase,
    regle
from {{ ref('int_chiffres_texte') }}
where categorie = '{{ categorie }}'
{%- endmacro %}
