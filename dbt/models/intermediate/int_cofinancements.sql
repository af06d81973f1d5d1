-- Co-financing per action, year and funder: the cells of the fiches' budget tables, and,
-- for the actions of a contract's financial table that have no fiche budget (a convention
-- summed up in one table), that table's columns. ERBM tables give the State's money as
-- `Etat (ERBM)`.
with fiches as (
    select
        doc_id,
        action_code,
        annee,
        financeur,
        part,
        montant_eur,
        ligne,
        'fiche' as source
    from {{ ref('int_budgets_actions_parts') }}
    where annee is not null and part <> 'total'
),

plans as (
    select
        p.doc_id,
        p.action_code,
        p.annee,
        c.financeur,
        c.part,
        c.montant_eur,
        p.ligne,
        'tableau_financier' as source
    from {{ ref('stg_plans_financiers') }} as p
    cross join
        lateral (
            values
            (case when p.etat_erbm then 'Etat (ERBM)' else 'Etat' end, 'etat', p.etat_eur),
            ('Departement', 'departement', p.departement_eur),
            ('Autres', 'autres', p.autres_eur)
        ) as c (financeur, part, montant_eur)
    where p.type_ligne = 'action' and p.annee is not null and c.montant_eur is not null
        and not exists (
            select 1 from fiches as f
            where f.doc_id = p.doc_id and f.action_code = p.action_code
        )
)

select * from fiches
union all
select * from plans
