"""Add articles from the browser: checked uploads, ingested by a background thread.

Each upload becomes a ``Job``: the files are checked (type by suffix, size) and saved
to a temporary folder, then one thread per job reads, extracts and stores them one
file at a time through the functions ``dossier ingest`` uses, so every file gets its
own outcome (stored, skipped, replaced or the error) and progress can be polled.

A file is marked stored (or replaced) only once its documents are committed, so a
server killed at any moment holds every file it reported stored. A store error (the
disk full, the store busy past the timeout) stops the job: the file being ingested and
those after it fail with that one message.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dossier
from dossier.config import Config
from dossier.errors import DossierError, ExtractionError, InputError, Messages
from dossier.kb import KnowledgeBase

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
MAX_BYTES = 2_000_000  # per file
MAX_FILES = 20
KEEP_JOBS = 50


def safe_name(name: str, fallback: str) -> str:
    """A file name that is only letters, digits, dots, dashes and underscores."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-") or fallback
    return cleaned[:120]


def check(name: str, size: int) -> str | None:
    """Why an upload is refused (a message), or ``None`` when it is accepted."""
    if Path(name).suffix.lower() not in SUFFIXES:
        return Messages.E162.format(name=name)
    if size > MAX_BYTES:
        return Messages.E161.format(name=name, size=size, limit=MAX_BYTES)
    return None


@dataclass
class FileStatus:
    name: str
    state: str = "waiting"  # waiting | working | stored | skipped | replaced | failed
    events: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Job:
    id: str
    files: list[FileStatus]
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        finished = sum(f.state not in ("waiting", "working") for f in self.files)
        return {
            "id": self.id,
            "done": self.done,
            "total": len(self.files),
            "finished": finished,
            "files": [
                {"name": f.name, "state": f.state, "events": f.events, "errors": f.errors}
                for f in self.files
            ],
        }


class Jobs:
    """The upload jobs of one application, each ingested by its own thread."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()

    def get(self, job_id: str) -> Job:
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None:
            raise InputError(Messages.E163.format(job=job_id))
        return job

    def start(self, uploads: list[tuple[str, bytes]]) -> Job:
        """Save accepted uploads and ingest them in the background; refused ones fail."""
        folder = Path(tempfile.mkdtemp(prefix="dossier-upload-"))
        statuses: list[FileStatus] = []
        saved: list[tuple[FileStatus, Path]] = []
        for index, (name, data) in enumerate(uploads[:MAX_FILES]):
            status = FileStatus(name)
            statuses.append(status)
            problem = check(name, len(data))
            if problem is not None:
                status.state = "failed"
                status.errors.append(problem)
                continue
            # One folder per file keeps its name, so the document id is its stem.
            path = folder / f"{index:02d}" / safe_name(name, "upload.txt")
            path.parent.mkdir()
            path.write_bytes(data)
            saved.append((status, path))
        job = Job(uuid.uuid4().hex, statuses)
        with self.lock:
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-KEEP_JOBS]:
                del self.jobs[old]
        worker = threading.Thread(
            target=self._run, args=(job, saved, folder), name=f"ingest-{job.id}", daemon=True
        )
        worker.start()
        return job

    def _run(self, job: Job, saved: list[tuple[FileStatus, Path]], folder: Path) -> None:
        try:
            with dossier.open(self.db_path) as kb:
                for status, path in saved:
                    status.state = "working"
                    _ingest_file(kb, status, path)
        except DossierError as exc:
            for status, _ in saved:
                if status.state in ("waiting", "working"):
                    status.state = "failed"
                    status.errors.append(exc.message)
        finally:
            job.done = True
            shutil.rmtree(folder, ignore_errors=True)


def _ingest_file(kb: KnowledgeBase, status: FileStatus, path: Path) -> None:
    config = Config()
    outcomes: list[str] = []
    documents = []
    for item in dossier.read_documents([str(path)], config):
        if isinstance(item, DossierError):
            status.errors.append(item.message)
        elif kb.is_stored(item):
            outcomes.append("skipped")
        else:
            documents.append(item)
    for result in dossier.extract(documents, config) if documents else ():
        if isinstance(result, DossierError):
            status.errors.append(result.message)
            continue
        try:
            outcomes.append(kb.ingest(result))  # committed when it returns
        except ExtractionError as exc:
            status.errors.append(exc.message)
            continue
        # A StoreError (the store full, or busy past the timeout) ends the job: ``_run``
        # fails this file and the rest with its message instead of trying each in turn.
        status.events += len(result.events)
    if not outcomes:
        status.state = "failed"
    elif "replaced" in outcomes:
        status.state = "replaced"
    else:
        status.state = "stored" if "stored" in outcomes else "skipped"
