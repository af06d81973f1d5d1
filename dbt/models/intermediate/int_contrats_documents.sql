-- Which contract each deliberation carries, and where it stands among the contract's versions.
-- Rule: two deliberations carry the same contract when they share an action — same action
-- code and same title (accents, case and punctuation aside) — among their fiches or, for a
-- convention summed up in one financial table, that table's action rows; the relation is
-- followed transitively (an avenant of an avenant). The contract is named after the first
-- deliberation that carries it (by date of sitting, then numero): `contrat` = its numero.
-- A deliberation without actions is a contract of its own. One deliberation may hold several
-- conventions (002: CLS and France Travail convention): they are one contract here, and
-- versions are compared action by action, so a later deliberation replaces only the values
-- it prints.
with recursive

deliberations as (
    select
        doc_id,
        numero,
        date_seance,
        row_number() over (order by {{ ordre_deliberations('date_seance', 'numero', 'doc_id') }}) as ordre
    from {{ ref('stg_deliberations') }}
),

actions as (
    select
        doc_id,
        action_code,
        action
    from {{ ref('stg_actions') }}
    union
    select
        p.doc_id,
        p.action_code,
        p.action
    from {{ ref('stg_plans_financiers') }} as p
    where p.type_ligne = 'action'
        and not exists (
            select 1 from {{ ref('stg_actions') }} as f
            where f.doc_id = p.doc_id and f.action_code = p.action_code
        )
),

cles as (
    select distinct
        doc_id,
        action_code,
        {{ cle_texte('action') }} as cle_action
    from actions
    where action_code is not null and nullif({{ cle_texte('action') }}, '') is not null
),

liens as (
    select
        doc_id,
        doc_id as autre
    from deliberations
    union
    select
        a.doc_id,
        b.doc_id
    from cles as a
    inner join cles as b on a.action_code = b.action_code and a.cle_action = b.cle_action
),

atteints (doc_id, autre) as (
    select
        doc_id,
        autre
    from liens
    union
    select
        a.doc_id,
        l.autre
    from atteints as a inner join liens as l on a.autre = l.doc_id
),

premiers as (
    select
        a.doc_id,
        arg_min(d.numero, d.ordre) as contrat,
        min(d.ordre) as ordre_premier
    from atteints as a
    inner join deliberations as d on a.autre = d.doc_id
    group by a.doc_id
)

select
    d.doc_id,
    p.contrat,
    d.numero,
    d.date_seance,
    d.ordre,
    d.ordre = p.ordre_premier as premiere_version,
    exists(
        select 1 from actions as a
        where a.doc_id = d.doc_id
    ) as porte_des_actions
from deliberations as d
inner join premiers as p on d.doc_id = p.doc_id
