-- In the report's table: Disponible − Proposition = Solde, row by row. A Solde the reader
-- could not take as an amount is looked for as printed: the last cell of the operation's
-- amounts line written « 0 00 » (the comma of the cents printed as a space) reads 0,00; it
-- holds when it equals Disponible − Proposition. Otherwise it is reported with its reading
-- (avertissement: a misprinted separator), or as lecture_incertaine when nothing is found.
with rows as (
    select
        doc_id,
        code_operation,
        ligne,
        solde_eur,
        disponible_eur - montant_eur as solde_calcule
    from {{ ref('stg_lignes_budgetaires') }}
    where tableau = 'rapport' and disponible_eur is not null and montant_eur is not null
),

-- the first line below the operation's code ending with amounts then « d dd »
printed as (
    select
        r.doc_id,
        r.ligne,
        arg_min(s.ligne, s.ligne) as ligne_solde,
        arg_min(regexp_extract(s.texte, ',[0-9]{2} ([0-9]{1,3}) ([0-9]{2})\s*$', 1), s.ligne) as unites,
        arg_min(regexp_extract(s.texte, ',[0-9]{2} ([0-9]{1,3}) ([0-9]{2})\s*$', 2), s.ligne) as centimes
    from rows as r
    inner join {{ ref('stg_lignes_source') }} as s
        on r.doc_id = s.doc_id and s.ligne between r.ligne and r.ligne + 15
            and regexp_matches(s.texte, ',[0-9]{2} [0-9]{1,3} [0-9]{2}\s*$')
    where r.solde_eur is null
    group by r.doc_id, r.ligne
),

checked as (
    select
        r.*,
        p.ligne_solde,
        p.unites || ' ' || p.centimes as solde_imprime,
        cast(p.unites as decimal(18, 2)) + cast(p.centimes as decimal(18, 2)) / 100 as solde_lu
    from rows as r
    left join printed as p on r.doc_id = p.doc_id and r.ligne = p.ligne
)

select
    'solde_rapport' as controle,
    case
        when solde_eur is not null then 'erreur'
        when solde_lu is not null then 'avertissement'
        else 'lecture_incertaine'
    end as gravite,
    doc_id,
    ligne,
    coalesce(solde_eur, solde_lu) as valeur_declaree,
    solde_calcule as valeur_calculee,
    coalesce(solde_eur, solde_lu) - solde_calcule as ecart,
    case
        when solde_eur is null and solde_lu is not null
            then 'Opération ' || code_operation || ' : solde imprimé « ' || solde_imprime
                || ' » (l.' || ligne_solde || '), une espace pour virgule, soit ' || {{ fr_eur('solde_lu') }}
                || ' ≠ Disponible − Proposition = ' || {{ fr_eur('solde_calcule') }}
                || ' : séparateur ou chiffre à vérifier'
        when solde_eur is null
            then 'Opération ' || code_operation || ' : solde illisible dans le rapport ; Disponible − Proposition = '
                || {{ fr_eur('solde_calcule') }}
        else 'Opération ' || code_operation || ' : solde imprimé ' || {{ fr_eur('solde_eur') }}
            || ' ≠ Disponible − Proposition = ' || {{ fr_eur('solde_calcule') }}
    end as message,
    case when ligne_solde is not null then [ligne, ligne_solde] else [ligne] end as lignes
from checked
where (solde_eur is not null and solde_eur <> solde_calcule)
    or (solde_eur is null and (solde_lu is null or solde_lu <> solde_calcule))
