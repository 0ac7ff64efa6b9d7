"""``python -m dossier``: the same as the ``dossier`` command."""

from dossier.cli import main

main()
