-- Co-financing written in sentences ("Au titre de l'année 2023, le soutien financier de l'État
-- s'élève à 1 000 000 €", "2023 : 84 000 € dont participation État de 42 000 €", "il est proposé
-- d'abonder ce fonds à hauteur de 500 000€ et de signer, avec la CAF..."): kept apart from
-- `cofinancements`, whose rows are the contracts' budget tables per action (these sentences
-- mostly restate them, or name no action), so that no amount is counted twice in the matrix.
select
    doc_id,
    annee,
    financeur,
    case
        when financeur like 'Etat%' then 'etat'
        when financeur = 'Departement' then 'departement'
        else 'autres'
    end as part,
    valeur as montant_eur,
    beneficiaire,
    partenaire,
    objet,
    ligne,
    position,
    texte,
    phrase,
    regle
from {{ ref('int_chiffres_texte') }}
where categorie = 'cofinancement' and unite = 'EUR'
