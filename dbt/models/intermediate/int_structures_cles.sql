-- One key per structure, whatever its spelling. Rules, in order:
--  1. the normalised name (structure_key: case, accents, punctuation, articles, "association"),
--     computed without a trailing acronym in brackets: "Artois Insertion Ressourcerie (AIR)" and
--     "Artois Insertion Ressourcerie" share a key;
--  2. a spelling that is only an acronym printed in brackets after another name elsewhere
--     ("AIR") takes that name's key;
--  3. "<ACRONYM>-<establishment>" or "<acronym> le|la|les <establishment>" ("MAHRA-Le Toit",
--     "Mahra le Toit") takes the key of the acronym when the acronym alone is a structure of the
--     corpus ("MAHRA", "La MAHRA"). "CCAS d'Arras" is not merged with "CCAS": "d'" is no separator.
with graphies as (
    select distinct
        structure,
        {{ structure_key("regexp_replace(structure, '\\s*\\(([^)]*)\\)\\s*$', '')") }} as cle_nom,
        nullif(regexp_extract(structure, '\(([A-Za-z0-9]{2,})\)\s*$', 1), '') as sigle_entre_parentheses,
        nullif(lower(regexp_extract(structure, '^([A-Za-z0-9]{3,})\s*(-|–|\s(le|la|les)\s)', 1)), '')
            as sigle_en_tete
    from {{ ref('stg_subventions') }}
    where structure is not null
),

sigles_seuls as (
    -- keys whose spelling is an acronym alone (an optional article before it)
    select distinct cle_nom
    from graphies
    where regexp_matches(structure, '^((La|Le|L'')\s*)?[A-Z0-9]{3,}$')
),

noms_a_sigle as (
    select
        {{ structure_key('sigle_entre_parentheses') }} as cle_sigle,
        min(cle_nom) as cle_nom
    from graphies
    where sigle_entre_parentheses is not null
    group by 1
)

select
    g.structure,
    coalesce(n.cle_nom, s.cle_nom, g.cle_nom) as structure_cle,
    case
        when n.cle_nom is not null then 'sigle imprimé entre parenthèses après le nom'
        when s.cle_nom is not null then 'sigle suivi du nom d''un établissement'
        else 'nom normalisé'
    end as regle
from graphies as g
left join noms_a_sigle as n on g.cle_nom = n.cle_sigle and g.cle_nom <> n.cle_nom
left join sigles_seuls as s on g.sigle_en_tete = s.cle_nom and g.cle_nom <> s.cle_nom
