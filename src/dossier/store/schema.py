"""The knowledge base's tables, as SQL: what each holds and how it is indexed.

Every table is keyed to ``documents`` with character offsets into the document's text,
so Datasette, pandas and plain ``sqlite3`` read the file directly. Conventions:

- ``doc_id`` is the document's own id (text), in every table that holds something a
  document says; ``actor_id`` is the id of a merged actor in ``actors``.
- Spans are two columns, ``start`` and ``end`` (or ``sentence_start``, ...), in Python
  string indices (code points) into ``documents.text``.
- Lists that are only read (an event's ``attribution``) are JSON arrays in a text
  column; lists that are filtered on (contexts, actors of an event, aliases, roles)
  are tables of their own. An actor's ``affiliations`` are both: the document's own
  ids as JSON in ``document_actors`` (what ``restore`` gives back) and, merged, in
  ``actor_affiliations`` (what lookups read).
- Booleans are 0/1 integers; dates are ISO text. ``events.date_start`` and
  ``date_end`` are the event's span widened to whole days (``2014-02`` becomes
  ``2014-02-01`` .. ``2014-02-28``) so that spans compare as text; ``when_start`` and
  ``when_end`` keep what the extraction said.

The first migration (``migrations.py``) runs ``TABLES`` .. ``SPANS``; each later schema
change is a script of its own below (``AFFILIATIONS``, ``ACTOR_TALLIES``,
``PROFILE_INDEXES``), run by a later migration; a released script is never edited.
"""

from __future__ import annotations

TABLES = """
CREATE TABLE documents (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    source TEXT,
    published TEXT,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    dictionary_id TEXT UNIQUE,
    norm_name TEXT NOT NULL,
    documents INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE document_actors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    name TEXT NOT NULL,
    norm_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    dictionary_id TEXT,
    affiliations TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (doc_id, local_id)
);

CREATE TABLE actor_words (
    word TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (word, actor_id)
) WITHOUT ROWID;

CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    norm TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE actor_roles (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    role TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    published TEXT,
    local_id TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE mentions (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    local_id TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE events (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    when_start TEXT,
    when_end TEXT,
    precision TEXT NOT NULL,
    when_text TEXT,
    date_start TEXT,
    date_end TEXT,
    month TEXT,
    place TEXT,
    country TEXT,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    place_precision TEXT,
    killed INTEGER,
    injured INTEGER,
    arrested INTEGER,
    money_amount REAL,
    money_currency TEXT,
    negated INTEGER NOT NULL,
    hypothetical INTEGER NOT NULL,
    future INTEGER NOT NULL,
    historical INTEGER NOT NULL,
    hedged INTEGER NOT NULL,
    attribution TEXT NOT NULL DEFAULT '[]',
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    trigger TEXT NOT NULL,
    confidence REAL NOT NULL
);

CREATE TABLE event_contexts (
    event_key INTEGER NOT NULL REFERENCES events(key) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    context TEXT NOT NULL,
    PRIMARY KEY (event_key, position)
);

CREATE TABLE event_actors (
    event_key INTEGER NOT NULL REFERENCES events(key) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position INTEGER NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    local_id TEXT NOT NULL,
    PRIMARY KEY (event_key, role, position)
);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    speaker_id TEXT REFERENCES actors(id),
    speaker_local_id TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    when_start TEXT,
    when_end TEXT,
    precision TEXT,
    when_text TEXT,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE timexes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    mod TEXT,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE quantities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    value REAL NOT NULL,
    currency TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    approximate INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, position)
);
"""

INDEXES = """
CREATE INDEX documents_published ON documents (published);
CREATE INDEX actors_norm_name ON actors (norm_name, kind);
CREATE INDEX actors_events ON actors (events DESC);
CREATE INDEX actor_words_actor ON actor_words (actor_id);
CREATE INDEX document_actors_actor ON document_actors (actor_id, doc_id);
CREATE INDEX document_actors_actor_name ON document_actors (actor_id, norm_name);
CREATE INDEX document_actors_norm_name ON document_actors (norm_name);
CREATE INDEX actor_aliases_actor ON actor_aliases (actor_id, norm);
CREATE INDEX actor_aliases_norm ON actor_aliases (norm);
CREATE INDEX actor_aliases_doc ON actor_aliases (doc_id);
CREATE INDEX actor_roles_actor ON actor_roles (actor_id, published);
CREATE INDEX actor_roles_doc ON actor_roles (doc_id);
CREATE INDEX mentions_actor ON mentions (actor_id, doc_id);
CREATE INDEX mentions_doc ON mentions (doc_id, start);
CREATE INDEX events_doc ON events (doc_id, position);
CREATE INDEX events_date ON events (date_start, date_end);
CREATE INDEX events_type_date ON events (type, date_start, date_end);
CREATE INDEX events_month ON events (month, killed);
CREATE INDEX events_country ON events (country, date_start, date_end);
CREATE INDEX events_killed ON events (killed);
CREATE INDEX event_contexts_context ON event_contexts (context, event_key);
CREATE INDEX event_actors_actor ON event_actors (actor_id, role, event_key);
CREATE INDEX quotes_speaker ON quotes (speaker_id);
"""

SEARCH = """
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content='documents', content_rowid='key',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.key, new.title, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.key, old.title, old.text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.key, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.key, new.title, new.text);
END;

CREATE VIRTUAL TABLE evidence_fts USING fts5(
    sentence,
    content='events', content_rowid='key',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER evidence_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO evidence_fts (rowid, sentence) VALUES (new.key, new.sentence);
END;

CREATE TRIGGER evidence_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, sentence)
    VALUES ('delete', old.key, old.sentence);
END;

CREATE TRIGGER evidence_fts_update AFTER UPDATE OF sentence ON events BEGIN
    INSERT INTO evidence_fts (evidence_fts, rowid, sentence)
    VALUES ('delete', old.key, old.sentence);
    INSERT INTO evidence_fts (rowid, sentence) VALUES (new.key, new.sentence);
END;
"""

# Events' spans as whole Julian day numbers in an R*Tree, so that "overlaps this
# period" is an index search rather than a scan of everything that started before it.
SPANS = """
CREATE VIRTUAL TABLE event_spans USING rtree_i32(event_key, first_day, last_day);

CREATE TRIGGER event_spans_insert AFTER INSERT ON events
WHEN julianday(new.date_start) IS NOT NULL AND julianday(new.date_end) IS NOT NULL BEGIN
    INSERT INTO event_spans (event_key, first_day, last_day) VALUES (
        new.key,
        CAST(julianday(new.date_start) AS INTEGER),
        CAST(julianday(new.date_end) AS INTEGER)
    );
END;

CREATE TRIGGER event_spans_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_spans WHERE event_key = old.key;
END;

CREATE TRIGGER event_spans_update AFTER UPDATE OF date_start, date_end ON events BEGIN
    DELETE FROM event_spans WHERE event_key = old.key;
    INSERT INTO event_spans (event_key, first_day, last_day)
    SELECT new.key, CAST(julianday(new.date_start) AS INTEGER),
        CAST(julianday(new.date_end) AS INTEGER)
    WHERE julianday(new.date_start) IS NOT NULL AND julianday(new.date_end) IS NOT NULL;
END;
"""

# Migration 0002: who each actor is affiliated with, in store ids, one row per document
# that says so (an affiliation naming no actor of the same document is not kept). The
# backfill reads the affiliations already stored as JSON in ``document_actors``; it
# writes the same rows ``Store.ingest`` writes (``position``: index in the actor's list).
AFFILIATIONS = """
CREATE TABLE actor_affiliations (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    affiliation_id TEXT NOT NULL REFERENCES actors(id),
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    published TEXT,
    position INTEGER NOT NULL
);

CREATE INDEX actor_affiliations_actor ON actor_affiliations (actor_id, affiliation_id);
CREATE INDEX actor_affiliations_affiliation ON actor_affiliations (affiliation_id, actor_id);
CREATE INDEX actor_affiliations_doc ON actor_affiliations (doc_id);

INSERT INTO actor_affiliations (actor_id, affiliation_id, doc_id, published, position)
SELECT da.actor_id, other.actor_id, da.doc_id, d.published, CAST(j.key AS INTEGER)
FROM document_actors da
JOIN documents d ON d.id = da.doc_id
JOIN json_each(da.affiliations) j
JOIN document_actors other ON other.doc_id = da.doc_id AND other.local_id = j.value
WHERE j.type = 'text' AND other.actor_id != da.actor_id;
"""

# Migration 0003: what each merged actor is made of, kept document by document
# (``store/actors.py``) so that an ingest does not re-read every document behind a
# generic actor. ``actor_variants`` is ``document_actors`` grouped by actor and
# (name, kind, country, sector), with the group's size and first rowid; the index on
# ``document_actors`` finds the next first row when a document is deleted.
# ``actor_words.sources`` counts the words of names and aliases behind each row (a
# word leaves the table at zero). The backfill computes both from what is stored.
ACTOR_TALLIES = """
CREATE TABLE actor_variants (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    occurrences INTEGER NOT NULL,
    first_row INTEGER NOT NULL
);

CREATE INDEX actor_variants_actor ON actor_variants (actor_id, name, kind, country, sector);
CREATE INDEX document_actors_variant ON document_actors (actor_id, name, kind, country, sector);

INSERT INTO actor_variants (actor_id, name, kind, country, sector, occurrences, first_row)
SELECT actor_id, name, kind, country, sector, COUNT(*), MIN(rowid) FROM document_actors
GROUP BY actor_id, name, kind, country, sector;

ALTER TABLE actor_words ADD COLUMN sources INTEGER NOT NULL DEFAULT 0;

DELETE FROM actor_words;

INSERT INTO actor_words (word, actor_id, sources)
WITH RECURSIVE
names(actor_id, rest) AS (
    SELECT actor_id, norm_name || ' ' FROM document_actors WHERE norm_name != ''
    UNION ALL SELECT actor_id, norm || ' ' FROM actor_aliases WHERE norm != ''
),
words(actor_id, word, rest) AS (
    SELECT actor_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM names
    UNION ALL
    SELECT actor_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM words WHERE rest != ''
)
SELECT word, actor_id, COUNT(*) FROM words GROUP BY word, actor_id;
"""

# Migration 0004: covering indexes for what an actor's profile and the dashboard ask of
# a very busy actor (``store/lookup.py``, ``query.dyads``), so that each is answered from
# an index alone, never from the documents' rows (which hold their text):
# - ``documents_order``: documents in publication order (``published``, then ``key``),
#   with their ids: the first documents naming an actor are found by walking it;
# - ``documents_id_published``: a document's publication date and key by its id;
# - ``actor_aliases_spelling``: each distinct alias of an actor, with where it is given;
# - ``actor_roles_role``: how often an actor is given each role;
# - ``event_actors_pairs``: each event's actors and recipients, for the dyads' join;
# - ``event_actors_position``: the most recipients one event has, without a scan.
PROFILE_INDEXES = """
CREATE INDEX documents_order ON documents (published, key, id);
CREATE INDEX documents_id_published ON documents (id, published);
CREATE INDEX actor_aliases_spelling ON actor_aliases (actor_id, alias, doc_id, position);
CREATE INDEX actor_roles_role ON actor_roles (actor_id, role);
CREATE INDEX event_actors_pairs ON event_actors (event_key, role, actor_id);
CREATE INDEX event_actors_position ON event_actors (role, position);
"""

# The tables that hold what documents say, children first: the order to delete in.
DOCUMENT_TABLES = (
    "event_contexts",
    "event_actors",
    "events",
    "mentions",
    "actor_affiliations",
    "actor_roles",
    "actor_aliases",
    "document_actors",
    "quotes",
    "timexes",
    "quantities",
    "documents",
)


def statements(script: str) -> list[str]:
    """Split a script into complete SQL statements (triggers keep their inner ``;``)."""
    import sqlite3

    found: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if pending.strip():
        found.append(pending.strip())
    return found
