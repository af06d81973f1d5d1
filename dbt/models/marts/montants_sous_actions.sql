-- Sub-action amounts printed inside fiches ("o Montant : 300 000€") and parts of an operation.
{{ montants_texte('montant_sous_action') }}
