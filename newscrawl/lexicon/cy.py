"""Welsh: the particles of patronymic names ("Rhodri ap Iwan", "Dafydd ab Owain", "Nest ferch
Rhys")."""

from newscrawl.lexicon import Language

LANGUAGE = Language(code="cy", particles=("ap", "ab", "ferch", "verch"))
