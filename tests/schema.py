"""The dossier/1 JSON Schema, loaded once for the tests that validate output."""

import json
from importlib.resources import files

SCHEMA = json.loads(files("dossier").joinpath("data/dossier-1.schema.json").read_text("utf-8"))
