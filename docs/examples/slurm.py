"""dossier on SLURM through dask-jobqueue: workers as SLURM jobs that come and go.

    pip install dask-jobqueue              # not among dossier's dependencies
    python docs/examples/slurm.py corpus/ /scratch/$USER/news-2016

Run this on a login node (or in a small job): it starts a Dask scheduler here,
submits SLURM jobs that each run Dask workers, and runs the same extraction as
``dossier extract --engine dask``. Every node must see this Python environment and the
output directory (a shared file system). Then ``dossier load OUT --db news.sqlite``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dask_jobqueue import SLURMCluster
from distributed import Client

from dossier.config import Config
from dossier.errors import DossierError
from dossier.records import Document
from dossier.scale import read_sources
from dossier.scale.engine import Run, run_dask


def _readable(item: Document | DossierError) -> bool:
    if isinstance(item, DossierError):
        print(f"dossier: error: {item.message}", file=sys.stderr)
        return False
    return True


def main(inputs: str, out: str) -> None:
    cluster = SLURMCluster(
        queue="normal",  # your site's partition
        account=None,  # your allocation, if the site needs one
        cores=8,  # cores per SLURM job ...
        processes=8,  # ... split into 8 single-threaded worker processes
        memory="12GB",  # per job: about 1.5 GB per worker (the spaCy model is ~600 MB)
        walltime="04:00:00",
        job_extra_directives=["--cpus-per-task=8"],
        local_directory="$TMPDIR",
    )
    cluster.adapt(minimum_jobs=1, maximum_jobs=8)  # up to 64 workers as the queue allows
    config = Config(jobs=1)
    run = Run()
    with Client(cluster) as client:
        documents = (d for d in read_sources([inputs], config) if _readable(d))
        for manifest in run_dask(
            documents, config, Path(out), client=client, partition_size=64, run=run
        ):
            print(manifest.partition, len(manifest.documents), f"{manifest.seconds:.1f} s")
    print(run)
    cluster.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
