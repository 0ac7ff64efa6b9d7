"""Scale-out: extraction on a Dask cluster into a Parquet dataset, and back.

- ``inputs``: sources for cluster runs (what the readers read, globs, Parquet tables
  of articles), streamed;
- ``dataset``: the dataset's layout, partitions, manifests and atomic writes;
- ``tables``: extractions as Arrow tables and back;
- ``engine``: the Dask driver and the task each worker runs (``run_dask``);
- ``reduce``: actors merged across partitions by the store's rules;
- ``load``: a dataset into the SQLite knowledge base (``dossier load``);
- ``query``: events straight from the dataset through DuckDB (``dossier events
  --parquet``).

See docs/scale.md. Importing this package needs pyarrow; the engine needs
``distributed``, the queries ``duckdb``.
"""

from __future__ import annotations

from dossier.scale.dataset import Dataset, Manifest, Partition, partitions
from dossier.scale.inputs import read_sources
from dossier.scale.load import Loaded, load

__all__ = ["Dataset", "Loaded", "Manifest", "Partition", "load", "partitions", "read_sources"]
