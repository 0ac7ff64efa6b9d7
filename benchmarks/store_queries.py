"""Time the knowledge base's main queries on a store of 1,000,000 synthetic events.

    .venv/bin/python benchmarks/store_queries.py                      # build + measure
    .venv/bin/python benchmarks/store_queries.py --db /tmp/kb.sqlite  # reuse if built
    .venv/bin/python benchmarks/store_queries.py --events 100000      # a smaller store

Builds the store through the real schema (``dossier.open``) with a bulk path
(``executemany`` in large transactions, the full-text indexes filled by the schema's
own triggers, then the actors' variants, counts and words computed by the store's own
``actors.rebuild``, so that ``Store.ingest`` can go on adding to it), then runs each
query ``--rounds`` times with varying arguments through the Python API
(``KnowledgeBase``), and prints the median and 95th percentile in milliseconds.
Targets: p95 under 100 ms for filtered event queries, under 1 s for stats, 300 ms for
a busiest actor's profile, 2 s for the dyads.

The synthetic corpus: ten events per document, 5,000 actors used with a Zipf-like skew
(a few actors are in a large share of events, as gangs and police are in real news),
sixteen event types with a skew, dates over 2005-2020 at day, month or year precision,
eight countries, evidence sentences built from a 2,000-word vocabulary; now and then a
name in capitals, aliases, roles of people, affiliations and quotes (``profile_rows``).
The queries include the whole actor profile of the five busiest actors (as the web
UI's actor page asks for it) and the dashboard's dyads.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path

import dossier
from dossier.kb import KnowledgeBase
from dossier.store import actors
from dossier.store.names import day_span, normalise

TYPES = (
    "ASSAULT", "COERCE", "ACCUSE", "CONSULT", "AGREE", "SUPPORT", "REQUEST", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COOPERATE", "AID", "CONCEDE", "RETREAT",
)
COUNTRIES = ("SLV", "HND", "GTM", "MEX", "COL", "NIC", "CRI", "PAN")
CONTEXTS = ("crime", "corruption", "illegal_drugs", "trafficking", "repression", "election")
KINDS = ("person", "organization", "group")
SECTORS = ("GOV", "COP", "CRM", "MIL", "JUD", "PTY", "MED", "CVL")
EVENTS_PER_DOC = 10
PROFILE_LIMIT = 200  # events of each role on the web UI's actor page and in the API


def syllables(rng: random.Random, count: int) -> str:
    parts = ("ra", "lo", "men", "ti", "sa", "ve", "dor", "qui", "na", "bel", "cas", "tro")
    return "".join(rng.choice(parts) for _ in range(count))


class Corpus:
    """Deterministic synthetic names, words and choices."""

    def __init__(self, seed: int, actors: int):
        self.rng = random.Random(seed)
        rng = self.rng
        self.words = sorted({syllables(rng, rng.randint(2, 4)) for _ in range(2600)})[:2000]
        self.actors: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        while len(self.actors) < actors:
            name = f"{syllables(rng, 2).title()} {syllables(rng, 3).title()}"
            if name.casefold() in seen:
                continue
            seen.add(name.casefold())
            kind = rng.choice(KINDS)
            slug = name.casefold().replace(" ", "-")
            prefix = {"person": "person", "organization": "org", "group": "group"}[kind]
            self.actors.append((f"{prefix}:{slug}", name, kind))
        weights = [1.0 / (rank + 1) for rank in range(actors)]
        self.actor_weights = list(accumulate(weights))
        type_weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(TYPES))]
        self.type_weights = list(accumulate(type_weights))
        self.extra = random.Random(seed + 2)  # aliases, roles, quotes: see profile_rows

    def actor(self) -> tuple[str, str, str]:
        return self.rng.choices(self.actors, cum_weights=self.actor_weights)[0]

    def event_type(self) -> str:
        return self.rng.choices(TYPES, cum_weights=self.type_weights)[0]

    def sentence(self, trigger: str) -> str:
        words = self.rng.sample(self.words, 14)
        words.insert(self.rng.randint(2, 10), trigger)
        return " ".join(words).capitalize() + "."

    def when(self) -> tuple[str, str, str]:
        rng = self.rng
        year = rng.randint(2005, 2020)
        month = rng.randint(1, 12)
        roll = rng.random()
        if roll < 0.7:
            day = f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
            return day, day, "day"
        if roll < 0.93:
            return f"{year}-{month:02d}", f"{year}-{month:02d}", "month"
        return str(year), str(year), "year"


def document_rows(corpus: Corpus, number: int, first_key: int) -> Iterator[dict[str, list]]:
    """The rows of one synthetic document, keyed by table."""
    rng = corpus.rng
    doc_id = f"doc-{number:07d}"
    sentences, events, contexts, event_actors = [], [], [], []
    local: dict[str, tuple[str, str, str]] = {}
    offset = 0
    for position in range(EVENTS_PER_DOC):
        kind = corpus.event_type()
        trigger = kind.lower()
        text = corpus.sentence(trigger)
        start = offset
        offset += len(text) + 1
        sentences.append(text)
        t_start = start + text.casefold().index(trigger)
        when_start, when_end, precision = corpus.when()
        date_start, date_end = day_span(when_start, when_end)
        who, whom = corpus.actor(), corpus.actor()
        country = rng.choice(COUNTRIES)
        local[who[0]], local[whom[0]] = who, whom
        key = first_key + position
        killed = rng.choice((None, None, None, 0, 1, 2, 3, 5, 12)) if kind == "ASSAULT" else None
        events.append(
            (
                key, f"{doc_id}:e{position + 1}", doc_id, f"{doc_id}:e{position + 1}",
                position, kind, None, when_start, when_end, precision, None, date_start,
                date_end, date_start[:7] if date_start else None, country, country,
                None, None, None, "country", killed, None, None,
                None, None, 0, 0, 0, 0, int(rng.random() < 0.1), "[]",
                start, start + len(text), t_start, t_start + len(trigger), text, trigger,
                round(rng.random(), 3),
            )
        )
        contexts.append((key, 0, rng.choice(CONTEXTS)))
        event_actors.append((key, "actor", 0, who[0], who[0]))
        event_actors.append((key, "recipient", 0, whom[0], whom[0]))
    text = " ".join(sentences)
    published = events[0][11][:10]
    document_actors = [
        [doc_id, actor_id, i, actor_id, name, name.casefold(), kind, None,
         rng.choice(SECTORS), None, "[]"]
        for i, (actor_id, name, kind) in enumerate(local.values())
    ]
    yield {
        "documents": [
            (doc_id, f"Synthetic report {number}", None, "bench", published,
             "en", text, f"{number:064x}", "2020-01-01T00:00:00+00:00")
        ],
        "mentions": [
            (actor_id, doc_id, 0, 1, text[0:1], actor_id, 0) for actor_id in local
        ],
        "events": events,
        "event_contexts": contexts,
        "event_actors": event_actors,
        **profile_rows(corpus.extra, document_actors, published, len(sentences[0])),
    }


ROLES = ("president", "minister", "commander", "spokesman", "mayor", "judge", "leader")


def profile_rows(
    rng: random.Random, document_actors: list[list], published: str, first_sentence: int
) -> dict[str, list]:
    """What documents also say about their actors, as ``Store.ingest`` stores it: other
    spellings of names (now and then in capitals), aliases (lower case, initials, the
    last word), roles of people, affiliations with another actor of the document and a
    quote. Drawn from a random stream of their own, so the rest of the corpus is the
    same with or without them."""
    aliases, roles, affiliations, quotes = [], [], [], []
    doc_id = document_actors[0][0]
    for row in document_actors:
        actor_id, name, kind = row[3], row[4], row[6]
        if rng.random() < 0.05:
            row[4] = name.upper()
        if rng.random() < 0.3:
            words = name.split()
            choices = (name.lower(), "".join(w[0] for w in words).upper(), words[-1])
            picked = rng.sample(choices, rng.randint(1, 2))
            aliases.extend(
                (actor_id, alias, normalise(alias), doc_id, actor_id, i)
                for i, alias in enumerate(picked)
            )
        if kind == "person" and rng.random() < 0.4:
            role = ROLES[(hash_of(actor_id) + rng.randint(0, 1)) % len(ROLES)]
            roles.append((actor_id, role, doc_id, published, actor_id, 0))
        if len(document_actors) > 1 and rng.random() < 0.05:
            other = rng.choice([r for r in document_actors if r[3] != actor_id])
            row[10] = json.dumps([other[1]])
            affiliations.append((actor_id, other[3], doc_id, published, 0))
    if rng.random() < 0.1:
        speaker = rng.choice(document_actors)
        quotes.append(
            (doc_id, 0, speaker[3], speaker[1], "Synthetic words.", 0, first_sentence,
             None, None, None, None)
        )
    return {
        "document_actors": [tuple(row) for row in document_actors],
        "actor_aliases": aliases,
        "actor_roles": roles,
        "actor_affiliations": affiliations,
        "quotes": quotes,
    }


def hash_of(text: str) -> int:
    """A hash that is the same in every process (``hash`` of a str is not)."""
    return sum(ord(char) for char in text)


INSERTS = {
    "documents": "INSERT INTO documents (id, title, url, source, published, language, text,"
    " content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "document_actors": "INSERT INTO document_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "mentions": "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
    "events": f"INSERT INTO events VALUES ({', '.join('?' * 38)})",
    "event_contexts": "INSERT INTO event_contexts VALUES (?, ?, ?)",
    "event_actors": "INSERT INTO event_actors VALUES (?, ?, ?, ?, ?)",
    "actor_aliases": "INSERT INTO actor_aliases VALUES (?, ?, ?, ?, ?, ?)",
    "actor_roles": "INSERT INTO actor_roles VALUES (?, ?, ?, ?, ?, ?)",
    "actor_affiliations": "INSERT INTO actor_affiliations VALUES (?, ?, ?, ?, ?)",
    "quotes": "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


def build(path: Path, events: int, seed: int) -> None:
    corpus = Corpus(seed, actors=5000)
    kb = dossier.open(path)
    connection = kb.db.connection
    # Bulk-load settings for this connection only: a crash mid-build loses the build.
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")
    connection.execute("PRAGMA wal_autocheckpoint = 100000")
    connection.executemany(
        "INSERT INTO actors (id, name, kind, norm_name) VALUES (?, ?, ?, ?)",
        [(a, name, kind, name.casefold()) for a, name, kind in corpus.actors],
    )
    documents = events // EVENTS_PER_DOC
    started = time.perf_counter()
    batch = 2000
    for first in range(0, documents, batch):
        rows: dict[str, list] = {table: [] for table in INSERTS}
        for number in range(first, min(first + batch, documents)):
            for doc in document_rows(corpus, number, number * EVENTS_PER_DOC + 1):
                for table, values in doc.items():
                    rows[table].extend(values)
        with kb.db.write() as write:
            for table, sql in INSERTS.items():
                write.executemany(sql, rows[table])
        done = min(first + batch, documents) * EVENTS_PER_DOC
        elapsed = time.perf_counter() - started
        print(f"\r  {done:,} events, {elapsed:.0f} s", end="", file=sys.stderr)
    print(file=sys.stderr)
    with kb.db.write() as write:
        # What Store.ingest keeps document by document (actor_variants, the counts,
        # actor_words.sources, names from variants), computed the store's own way.
        actors.rebuild(write)
    connection.execute("ANALYZE")
    kb.close()
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def measure(name: str, rounds: int, run: Callable[[int], object]) -> dict[str, float]:
    run(-1)  # warm the page cache for this query's indexes
    times = []
    for round_ in range(rounds):
        started = time.perf_counter()
        run(round_)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    result = {"median_ms": statistics.median(times), "p95_ms": p95, "max_ms": times[-1]}
    print(f"{name:<42} median {result['median_ms']:8.1f} ms   p95 {p95:8.1f} ms")
    return result


def queries(kb: KnowledgeBase, rounds: int, seed: int) -> dict[str, dict[str, float]]:
    rng = random.Random(seed + 1)
    actors = [row[0] for row in kb.db.read("SELECT name FROM actors ORDER BY events DESC")]
    words = [row[0] for row in kb.db.read("SELECT DISTINCT trigger FROM events")]
    vocabulary = [r[0] for r in kb.db.read("SELECT sentence FROM events LIMIT 200")]
    terms = sorted({w.strip(".").lower() for s in vocabulary for w in s.split()})

    def pick_actor(_: int) -> str:  # half from the 50 busiest, half from all
        return rng.choice(actors[:50]) if rng.random() < 0.5 else rng.choice(actors)

    def month(_: int) -> str:
        return f"{rng.randint(2005, 2020)}-{rng.randint(1, 12):02d}"

    def by_type_and_month(i: int) -> object:
        chosen = month(i)
        return kb.events(type=rng.choice(TYPES), since=chosen, until=chosen, limit=100)

    def timeline_year(i: int) -> object:
        year = str(rng.randint(2005, 2020))
        return kb.timeline(pick_actor(i), since=year, until=year, limit=500)

    results = {
        "events --actor NAME (limit 100)": measure(
            "events --actor NAME (limit 100)", rounds,
            lambda i: kb.events(actor=pick_actor(i), limit=100),
        ),
        "events --type T --since M --until M": measure(
            "events --type T --since M --until M", rounds, by_type_and_month
        ),
        "events --text WORD (limit 100)": measure(
            "events --text WORD (limit 100)", rounds,
            lambda i: kb.events(text=rng.choice(terms), limit=100),
        ),
        "events --actor --type --since (limit 100)": measure(
            "events --actor --type --since (limit 100)", rounds,
            lambda i: kb.events(actor=pick_actor(i), type=rng.choice(words).upper(),
                                since=str(rng.randint(2005, 2020)), limit=100),
        ),
        "timeline --actor NAME --since Y --until Y": measure(
            "timeline --actor NAME --since Y --until Y", rounds, timeline_year
        ),
        "timeline --since M --until M": measure(
            "timeline --since M --until M", rounds,
            lambda i: kb.timeline(since=month(i), until=month(i), limit=1000),
        ),
        "search WORD (limit 20)": measure(
            "search WORD (limit 20)", rounds, lambda i: kb.search(rng.choice(terms), limit=20)
        ),
        "actor NAME (profile)": measure(
            "actor NAME (profile, rare actors)", max(rounds // 4, 5),
            lambda i: kb.actor(rng.choice(actors[500:])),
        ),
        "actor NAME (profile, 5 busiest, limit 200)": measure(
            "actor NAME (profile, 5 busiest, limit 200)", max(rounds // 4, 5),
            lambda i: kb.actor(actors[i % 5], limit=PROFILE_LIMIT),
        ),
        "actors (list of 200)": measure(
            "actors (list of 200)", max(rounds // 10, 3), lambda i: kb.actors(limit=200)
        ),
        "stats": measure("stats", max(rounds // 4, 5), lambda i: kb.stats()),
        "dyads (top 15)": measure("dyads (top 15)", 3, lambda i: kb.dyads(15)),
    }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dossier-bench.sqlite"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="build even if --db exists")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        print(f"building {args.db} with {args.events:,} events ...", file=sys.stderr)
        build(args.db, args.events, args.seed)
    with dossier.open(args.db, create=False) as kb:
        totals = kb.totals()
        size = args.db.stat().st_size / 2**20
        print(
            f"store: {totals['events']:,} events, {totals['documents']:,} documents,"
            f" {totals['actors']:,} actors, {size:,.0f} MiB; {args.rounds} rounds per query"
        )
        results = queries(kb, args.rounds, args.seed)
    if args.json:
        args.json.write_text(json.dumps({"totals": totals, "queries": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
