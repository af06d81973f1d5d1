-- Unit rates and costs printed ("le coût annuel d'une mesure renforcée est de 5 000€").
{{ montants_texte('taux_unitaire') }}
