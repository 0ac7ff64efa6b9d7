"""Load-test ``dossier serve``: requests/s and latency of the main API calls under load.

    .venv/bin/python benchmarks/load_test.py                          # 1,000,000 events
    .venv/bin/python benchmarks/load_test.py --db /tmp/kb.sqlite      # reuse a built store
    .venv/bin/python benchmarks/load_test.py --events 100000 --db /tmp/load-100k.sqlite
    .venv/bin/python benchmarks/load_test.py --clients 1 8 --requests 100 --seconds 10
    .venv/bin/python benchmarks/load_test.py --only mixed "actor profile" --threads 8

The store is the one ``benchmarks/store_queries.py`` builds (same builder, imported;
built when ``--db`` does not exist). ``dossier serve`` runs as a subprocess on a free
port of 127.0.0.1 (never another address), with ``--threads``. For each number of
concurrent clients and each call, clients (asyncio tasks sharing one httpx client, one
connection each) send requests with varying arguments until ``--requests`` are done or
``--seconds`` have passed, then the next call starts; a last row per concurrency mixes
every call. Printed per row: requests, errors (anything but a 200 with a JSON body),
requests per second, p50/p95/p99 latency in milliseconds, and the CPU used by the
server and by this client, in percent of one core. Exit status 1 when any request
failed. Client and server share the machine's cores, so the server alone would do
somewhat better than these figures; the header says how many cores there are.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).parent))
from store_queries import TYPES, build  # noqa: E402

import dossier  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
Request = tuple[str, dict[str, str]]  # path and query parameters


@dataclass
class Sample:
    """What the store holds, to vary the requests' arguments."""

    actors: list[str]
    terms: list[str]
    event_ids: list[str]
    rng: random.Random

    def actor(self) -> str:  # half from the 50 busiest, half from all
        rng = self.rng
        return rng.choice(self.actors[:50]) if rng.random() < 0.5 else rng.choice(self.actors)

    def month(self) -> tuple[int, int]:
        return self.rng.randint(2005, 2020), self.rng.randint(1, 10)


def sample(db: Path, seed: int) -> Sample:
    with dossier.open(db, create=False) as kb:
        actors = [row[0] for row in kb.db.read("SELECT name FROM actors ORDER BY events DESC")]
        sentences = [row[0] for row in kb.db.read("SELECT sentence FROM events LIMIT 200")]
        low, high = kb.db.read("SELECT MIN(key), MAX(key) FROM events")[0]
        rng = random.Random(seed)
        keys = sorted({rng.randint(low, high) for _ in range(500)})
        marks = ", ".join("?" * len(keys))
        ids = [r[0] for r in kb.db.read(f"SELECT id FROM events WHERE key IN ({marks})", keys)]
    terms = sorted({word.strip(".").lower() for s in sentences for word in s.split()})
    return Sample(actors, terms, ids, rng)


def calls(s: Sample) -> dict[str, Callable[[], Request]]:
    """The main API calls, each a function giving one request with fresh arguments."""

    def by_type_and_dates() -> Request:
        year, month = s.month()
        since, until = f"{year}-{month:02d}", f"{year}-{month + 2:02d}"
        return "/api/events", {"type": s.rng.choice(TYPES), "since": since, "until": until}

    def timeline() -> Request:
        year = str(s.rng.randint(2005, 2020))
        return "/api/timeline", {"involving": s.actor(), "since": year, "until": year}

    return {
        "events by actor": lambda: ("/api/events", {"actor": s.actor()}),
        "events by type and dates": by_type_and_dates,
        "text search": lambda: ("/api/search", {"q": s.rng.choice(s.terms)}),
        "timeline (actor, year)": timeline,
        "stats": lambda: ("/api/stats", {}),
        "actor profile": lambda: (f"/api/actors/{s.actor()}", {}),
        "busiest actor profile": lambda: (f"/api/actors/{s.rng.choice(s.actors[:5])}", {}),
        "event evidence": lambda: (f"/api/events/{s.rng.choice(s.event_ids)}", {}),
    }


@dataclass
class Row:
    """The outcome of one call at one concurrency."""

    call: str
    clients: int
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000

    def to_dict(self) -> dict[str, Any]:
        done = len(self.latencies) + len(self.errors)
        return {
            "call": self.call,
            "clients": self.clients,
            "requests": done,
            "errors": len(self.errors),
            "requests_per_s": round(done / self.wall, 1) if self.wall else 0.0,
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "server_cpu_pct": round(100 * self.server_cpu / self.wall, 0) if self.wall else 0,
            "client_cpu_pct": round(100 * self.client_cpu / self.wall, 0) if self.wall else 0,
            "first_errors": self.errors[:3],
        }


async def drive(
    url: str, make: Callable[[], Request], row: Row, requests: int, seconds: float
) -> None:
    """``row.clients`` clients sending ``make()`` requests until either bound is reached."""
    limits = httpx.Limits(max_connections=row.clients, max_keepalive_connections=row.clients)
    deadline = time.perf_counter() + seconds
    issued = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < requests and time.perf_counter() < deadline:
            issued += 1
            path, params = make()
            started = time.perf_counter()
            try:
                response = await http.get(path, params=params)
                response.json()
            except (httpx.HTTPError, ValueError) as exc:
                row.errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code != 200:
                row.errors.append(f"{path}: {response.status_code} {response.text[:200]}")
                continue
            row.latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(row.clients)))


def measure(
    url: str,
    server: psutil.Process,
    call: str,
    make: Callable[[], Request],
    clients: int,
    requests: int,
    seconds: float,
) -> Row:
    row = Row(call, clients)
    server_before = sum(server.cpu_times()[:2])
    client_before = time.process_time()
    started = time.perf_counter()
    asyncio.run(drive(url, make, row, requests, seconds))
    row.wall = time.perf_counter() - started
    row.client_cpu = time.process_time() - client_before
    row.server_cpu = sum(server.cpu_times()[:2]) - server_before
    return row


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(db: Path, threads: int) -> Iterator[tuple[str, psutil.Process]]:
    """``dossier serve`` on a free port of 127.0.0.1 until the block ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DOSSIER_TOKEN"}
    command = [
        sys.executable,
        "-m",
        "dossier",
        "serve",
        "--db",
        str(db),
        "--host",
        HOST,
        "--port",
        str(port),
        "--threads",
        str(threads),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://{HOST}:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(url + "/openapi.json", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None:
                    detail = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(f"dossier serve stopped: {detail}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError("dossier serve did not answer within 120 s")
        yield url, psutil.Process(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


LINE = (
    "{call:<26} {clients:>7} {requests:>6} {errors:>4} {requests_per_s:>8.1f} {p50_ms:>8.1f}"
    " {p95_ms:>8.1f} {p99_ms:>8.1f} {server_cpu_pct:>5.0f}% {client_cpu_pct:>5.0f}%"
)
HEADER = (
    f"{'call':<26} {'clients':>7} {'reqs':>6} {'errs':>4} {'req/s':>8} {'p50 ms':>8}"
    f" {'p95 ms':>8} {'p99 ms':>8} {'server':>6} {'client':>6}"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dossier-bench.sqlite"))
    parser.add_argument("--events", type=int, default=1_000_000, help="when building the store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--requests", type=int, default=300, help="per call and concurrency")
    parser.add_argument("--seconds", type=float, default=30.0, help="per call and concurrency")
    parser.add_argument("--threads", type=int, default=4, help="dossier serve --threads")
    parser.add_argument(
        "--only", nargs="+", metavar="CALL", help="these calls only, e.g. stats mixed"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} with {args.events:,} events ...", file=sys.stderr)
        build(args.db, args.events, args.seed)
    with dossier.open(args.db, create=False) as kb:
        totals = kb.totals()
    found = sample(args.db, args.seed)
    requests = calls(found)
    print(
        f"store: {args.db}, {totals['events']:,} events, {totals['documents']:,} documents,"
        f" {totals['actors']:,} actors\nserver: dossier serve --threads {args.threads} on {HOST};"
        f" client: httpx, asyncio, in this process; both share this machine's"
        f" {os.cpu_count()} cores (CPU columns: percent of one core)\n"
        f"bounds: {args.requests} requests or {args.seconds:g} s per call and concurrency"
    )
    print(HEADER)
    results: list[dict[str, Any]] = []
    with serve(args.db, args.threads) as (url, server):
        for make in requests.values():  # warm: first answers (stats) and the page cache
            for _ in range(3):
                path, params = make()
                httpx.get(url + path, params=params, timeout=600)
        names = list(requests)

        def mixed() -> Request:
            return requests[found.rng.choice(names)]()

        runs = [*requests.items(), ("mixed (all calls)", mixed)]
        if args.only:
            runs = [(call, make) for call, make in runs if call.split(" (")[0] in args.only]
        for clients in args.clients:
            for call, make in runs:
                row = measure(url, server, call, make, clients, args.requests, args.seconds)
                result = row.to_dict()
                results.append(result)
                print(LINE.format(**result), flush=True)
    errors = sum(r["errors"] for r in results)
    print(f"errors: {errors}")
    for result in results:
        for error in result["first_errors"]:
            print(f"  {result['call']} x{result['clients']}: {error}", file=sys.stderr)
    if args.json:
        report = {
            "totals": totals,
            "threads": args.threads,
            "cores": os.cpu_count(),
            "rows": results,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
