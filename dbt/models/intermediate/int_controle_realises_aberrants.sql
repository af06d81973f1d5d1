-- Control realises_aberrants (avertissement): a retained realised value far from its target
-- (int_realises_a_verifier: negative, above 300 % of the target, a likely ×10 or ÷10 typo).
-- The row points at the indicator's line in its contract (its target's line too when the same
-- deliberation prints it); the message names the source of the realised value.
select
    'realises_aberrants' as controle,
    'avertissement' as gravite,
    doc_id,
    ligne_indicateur as ligne,
    realise as valeur_declaree,
    cible as valeur_calculee,
    realise - cible as ecart,
    'Réalisé ' || annee || ' à vérifier (' || motif || ') — action ' || action_code
    || coalesce(' (' || referentiel || ')', '') || ', indicateur « ' || indicateur || ' » : réalisé '
    || replace(rtrim(rtrim(format('{:.2f}', cast(realise as double)), '0'), '.'), '.', ',') || coalesce(', cible ' || replace(rtrim(rtrim(format('{:.2f}', cast(cible as double)), '0'), '.'), '.', ','), ', sans cible')
    || coalesce(' (' || replace(format('{:.1f}', cast(rapport * 100 as double)), '.', ',') || ' % de la cible)', '')
    || coalesce(' ; source : ' || source_realise, '') as message,
    cast(
        case
            when doc_id_cible = doc_id and ligne_cible <> ligne_indicateur then [ligne_indicateur, ligne_cible]
            else [ligne_indicateur]
        end as bigint[]
    ) as lignes
from {{ ref('int_realises_a_verifier') }}
