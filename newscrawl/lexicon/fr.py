"""French."""

from newscrawl.lexicon import Language

LANGUAGE = Language(
    code="fr",
    months=(
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fevr"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "decembre", "déc", "dec"),
    ),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    by=("par",),
    by_label=("texte",),
    writer=("écrit par", "rédigé par", "auteur", "auteure", "auteurs"),
    and_=("et",),
    with_=("avec",),
    from_=("depuis", "à"),
    published=("publié", "publié le", "paru"),
    updated=("mis à jour", "mise à jour", "modifié", "actualisé"),
    credit=("photo", "photos", "image", "illustration", "crédit", "crédits"),
    source=("source",),
    particles=("de", "du"),
    noon=("midi",),
    roles=("journaliste", "correspondant", "correspondante", "rédacteur", "rédactrice"),
    desk=("agence", "rédaction"),
    organisation=("presse",),
    rights=("tous droits réservés",),
    accounts=("rédaction", "redaction", "invité"),
)
