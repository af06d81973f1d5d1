-- Each funder's cell with its share of the co-financing matrix: the State's money
-- (Etat, Etat (ERBM), Etat (FIPE)) counts in the State's share.
select
    *,
    case
        when financeur like 'Etat%' then 'etat'
        when financeur = 'Departement' then 'departement'
        when financeur = 'Total' then 'total'
        else 'autres'
    end as part
from {{ ref('stg_budgets_actions') }}
