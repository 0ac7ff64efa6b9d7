"""A dossier Parquet dataset on disk: partitions, their manifests, atomic writes.

Layout of ``OUT``::

    _dataset.json                  format, documents per partition, and, once the
                                   run has finished, how many partitions it holds
    _manifests/part-000042.json    written LAST for each partition: the partition
                                   counts as done only when its manifest exists
    documents/part-000042.parquet  one file per partition and table (tables.TABLES)
    events/part-000042.parquet ...
    actor_ids/part-reduce.parquet  the reduce step's output (reduce.py)
    actors_merged/part-reduce.parquet

Every file is written under a temporary name in its own directory, flushed to disk
(fsync) and renamed over its final name, so a reader never sees half a file; a
killed run leaves at most temporary files, which the next run removes, and tables
of a partition whose manifest is missing, which the next run rewrites.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dossier.errors import DossierError, InputError, Messages
from dossier.records import Document
from dossier.scale.tables import SCHEMAS, TABLES
from dossier.store.writer import content_hash

FORMAT = "dossier-parquet/1"
META = "_dataset.json"
MANIFESTS = "_manifests"
TEMP = ".tmp-"  # marks a file being written: ``part-000042.parquet.tmp-<random>``


@dataclass(frozen=True)
class Partition:
    """A run of consecutive input documents, numbered from 0 in input order."""

    index: int
    documents: tuple[Document, ...]

    @property
    def name(self) -> str:
        return f"{self.index:06d}"

    @cached_property
    def digest(self) -> str:
        """SHA-256 over each document's id and content hash: what the partition was made of."""
        lines = "\n".join(f"{d.id}\t{content_hash(d)}" for d in self.documents)
        return hashlib.sha256(lines.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What one finished partition holds; its file's existence marks the partition done."""

    partition: str
    digest: str
    documents: tuple[str, ...]
    rows: dict[str, int]
    errors: tuple[dict[str, str | None], ...] = ()
    seconds: float = 0.0
    worker: str = ""
    skipped: bool = field(default=False, compare=False)  # found done, not run, this time

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["skipped"]
        data["documents"] = list(self.documents)
        data["errors"] = list(self.errors)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        return cls(
            partition=str(data["partition"]),
            digest=str(data["digest"]),
            documents=tuple(data["documents"]),
            rows={str(k): int(v) for k, v in data["rows"].items()},
            errors=tuple(data.get("errors", ())),
            seconds=float(data.get("seconds", 0.0)),
            worker=str(data.get("worker", "")),
        )


def partitions(documents: Iterator[Document], size: int) -> Iterator[Partition]:
    """Consecutive runs of ``size`` documents: the same inputs give the same partitions."""
    batch: list[Document] = []
    index = 0
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield Partition(index, tuple(batch))
            index += 1
            batch = []
    if batch:
        yield Partition(index, tuple(batch))


class Dataset:
    """The directory of one dataset; ``open`` an existing one, ``create`` one to write."""

    def __init__(self, root: Path, meta: dict[str, Any]):
        self.root = root
        self.meta = meta

    @property
    def partition_size(self) -> int:
        return int(self.meta["partition_size"])

    @property
    def complete(self) -> bool:
        return self.meta.get("partitions") is not None

    @classmethod
    def create(cls, root: Path, partition_size: int) -> Dataset:
        """Start a dataset at ``root``, or resume the one there with the same partition size.

        Temporary files a killed run left behind are removed. A new dataset is
        unfinished until ``finish`` records how many partitions it holds; an existing
        one stays as it is until ``begin`` (before a partition is written).
        """
        meta_path = root / META
        if meta_path.exists():
            dataset = cls.open(root)
            if dataset.partition_size != partition_size:
                raise InputError(
                    Messages.E174.format(
                        path=root, found=dataset.partition_size, given=partition_size
                    )
                )
        elif root.is_dir() and any(root.iterdir()):  # never write into someone's folder
            raise InputError(
                Messages.E173.format(path=root, detail=f"not empty and no {META}; give a new --out")
            )
        else:
            _make_dirs(root)
            dataset = cls(root, {"format": FORMAT, "partition_size": partition_size})
            dataset.begin()
        for name in (*TABLES, MANIFESTS):
            (root / name).mkdir(exist_ok=True)
        for leftover in root.rglob(f"*{TEMP}*"):
            leftover.unlink(missing_ok=True)
        return dataset

    @classmethod
    def open(cls, root: Path) -> Dataset:
        """An existing dataset; ``InputError`` if ``root`` is not one."""
        meta_path = root / META
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise InputError(Messages.E173.format(path=root, detail=f"no {META}")) from exc
        except (OSError, ValueError) as exc:
            raise InputError(Messages.E173.format(path=root, detail=exc)) from exc
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise InputError(Messages.E173.format(path=root, detail=f"{META} is not {FORMAT}"))
        return cls(root, meta)

    def begin(self) -> None:
        """Mark the dataset unfinished: a partition is about to be written."""
        if self.meta.get("partitions", 0) is not None:
            self.meta = {**self.meta, "partitions": None}
            self._write_meta()

    def finish(self, count: int) -> None:
        """Record that the run wrote all ``count`` partitions."""
        self.meta = {**self.meta, "partitions": count}
        self._write_meta()

    def require_complete(self) -> None:
        if not self.complete:
            done = len(self.manifest_names())
            raise InputError(Messages.E179.format(path=self.root, done=done, total="?"))
        total = int(self.meta["partitions"])
        done = len(self.manifest_names())
        if done != total:
            raise InputError(Messages.E179.format(path=self.root, done=done, total=total))

    def _write_meta(self) -> None:
        write_atomically(self.root / META, json.dumps(self.meta, indent=2).encode("utf-8"))

    # Partitions

    def file(self, table: str, partition: str) -> Path:
        return self.root / table / f"part-{partition}.parquet"

    def manifest_path(self, partition: str) -> Path:
        return self.root / MANIFESTS / f"part-{partition}.json"

    def manifest_names(self) -> list[str]:
        """The partitions that are done, in order."""
        folder = self.root / MANIFESTS
        if not folder.is_dir():
            return []
        return sorted(
            p.name.removeprefix("part-").removesuffix(".json") for p in folder.glob("part-*.json")
        )

    def manifest(self, partition: str) -> Manifest | None:
        """The partition's manifest, or ``None`` if it is not done."""
        path = self.manifest_path(partition)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(Messages.E178.format(path=path, detail=exc)) from exc
        return Manifest.from_dict(data)

    def write_partition(self, manifest: Manifest, tables: dict[str, pa.Table]) -> None:
        """Write every table of a partition, then its manifest: each file atomically."""
        try:
            for name, table in tables.items():
                write_table(self.file(name, manifest.partition), table)
            body = json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1)
            write_atomically(self.manifest_path(manifest.partition), body.encode("utf-8"))
        except (OSError, pa.ArrowException) as exc:
            raise DossierError(
                Messages.E177.format(path=self.root, partition=manifest.partition, detail=exc)
            ) from exc

    def read_partition(
        self, partition: str, names: tuple[str, ...] = TABLES, *, text: bool = True
    ) -> dict[str, pa.Table]:
        """The partition's tables (``names`` of them), documents without their text
        unless ``text``."""
        tables = {}
        for name in names:
            path = self.file(name, partition)
            columns = None
            if name == "documents" and not text:
                columns = [c for c in SCHEMAS[name].names if c != "text"]
            try:
                tables[name] = pq.read_table(path, columns=columns)
            except (OSError, pa.ArrowException) as exc:
                raise InputError(Messages.E178.format(path=path, detail=exc)) from exc
        return tables

    def glob(self, table: str) -> str:
        """The files of one table, as a glob DuckDB and Spark read."""
        return str(self.root / table / "part-*.parquet")


def _make_dirs(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(Messages.E173.format(path=root, detail=exc.strerror or exc)) from exc


def write_table(path: Path, table: pa.Table) -> None:
    temp = path.with_name(f"{path.name}{TEMP}{uuid.uuid4().hex}")
    try:
        pq.write_table(table, temp, compression="zstd")
        _fsync(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync(path.parent)


def write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f"{path.name}{TEMP}{uuid.uuid4().hex}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
