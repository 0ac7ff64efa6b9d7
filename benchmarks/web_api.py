"""Time ``/api/events`` with filters on a store of 1,000,000 synthetic events.

    .venv/bin/python benchmarks/web_api.py                      # build (if absent) + measure
    .venv/bin/python benchmarks/web_api.py --db /tmp/kb.sqlite  # another store
    .venv/bin/python benchmarks/web_api.py --events 100000      # a smaller store

The store is the one ``benchmarks/store_queries.py`` builds (same corpus, same file by
default, reused when present). Requests go through the whole application in process
(FastAPI's TestClient: routing, filter parsing, the security middleware, JSON), one
page of 50 events each, with varying arguments. Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from store_queries import TYPES, build, measure  # noqa: E402

import dossier  # noqa: E402
from dossier.web import create_app  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dossier-bench.sqlite"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not args.db.exists():
        build(args.db, args.events, args.seed)
    with dossier.open(args.db, create=False) as kb:
        actors = [row[0] for row in kb.db.read("SELECT name FROM actors ORDER BY events DESC")]
        sample = [r[0] for r in kb.db.read("SELECT sentence FROM events LIMIT 200")]
    terms = sorted({w.strip(".").lower() for s in sample for w in s.split()})
    rng = random.Random(args.seed + 2)

    def actor() -> str:  # half from the 50 busiest, half from all
        return rng.choice(actors[:50]) if rng.random() < 0.5 else rng.choice(actors)

    def month() -> str:
        return f"{rng.randint(2005, 2020)}-{rng.randint(1, 12):02d}"

    cases = {
        "/api/events?actor=NAME": lambda: {"actor": actor()},
        "/api/events?type=T&since=M&until=M": lambda: (
            lambda m: {"type": rng.choice(TYPES), "since": m, "until": m})(month()),
        "/api/events?text=WORD": lambda: {"text": rng.choice(terms)},
        "/api/events?actor&type&since=YEAR": lambda: {
            "actor": actor(), "type": rng.choice(TYPES), "since": str(rng.randint(2005, 2020))},
        "/api/events?country=C&min_killed=1&sort=-date": lambda: {
            "country": rng.choice(("SLV", "HND", "GTM", "MEX")), "min_killed": "1",
            "sort": "-date"},
        "/api/events?actor=NAME&page=3": lambda: {"actor": actor(), "page": "3"},
    }
    results = {}
    with TestClient(create_app(args.db)) as client:
        for name, params in cases.items():

            def run(_: int, params: object = params) -> object:
                response = client.get("/api/events", params=params())  # type: ignore[operator]
                assert response.status_code == 200, response.text
                return response.json()

            results[name] = measure(name, args.rounds, run)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
