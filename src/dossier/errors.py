"""dossier's exception tree and every user-facing error message, in one place.

The library raises these and never prints or exits; the CLI turns a ``DossierError``
into one line on standard error and a non-zero exit code. Third-party exceptions are
mapped to these once, at the boundary where they occur, with ``raise ... from exc``.
"""

from __future__ import annotations


class DossierError(Exception):
    """Root of every error dossier raises on purpose."""

    def __init__(self, message: str, *, doc_id: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.doc_id = doc_id
        self.stage = stage

    def __str__(self) -> str:
        return self.message


class InputError(DossierError):
    """An input could not be read: missing, empty, binary, malformed, too large."""


class ExtractionError(DossierError):
    """A document was read but could not be processed."""


class StoreError(DossierError):
    """The knowledge base could not be opened, read or written."""


class ConfigError(DossierError):
    """A setting, option or data file (actor dictionary, lexicon) is invalid."""


class Messages:
    """Message templates, formatted with ``str.format``. Codes keep them greppable."""

    E001 = "{path}: no such file or directory"
    E002 = "{path}: the input is empty"
    E003 = "{path}: looks like a binary file, not text"
    E004 = "{path}: not valid UTF-8 text ({detail}); save it as UTF-8"
    E005 = "{path}: {size} characters is more than the limit of {limit}"
    E006 = "{path}, line {line}: not a valid JSON object ({detail})"
    E007 = "{where}: the record has no 'text' field"
    E008 = "{path}, row {line}: {detail}"
    E009 = "{path}: no article text found in the HTML page"
    E010 = "{path}: not a readable PDF ({detail})"
    E011 = "{path}: not a readable RSS or Atom feed ({detail})"
    E012 = "{path}: unsupported file type '{suffix}' (dossier reads {known})"
    E013 = "{path}: could not be read ({detail})"
    E014 = "{path}: the JSON sidecar is invalid ({detail})"
    E015 = "{path}: the PDF holds no extractable text"
    E016 = "{where}: the record's 'text' is empty"
    E017 = "{where}: '{field}' must be text, not {kind}"
    E018 = (
        "{where}: 'published' value '{value}' is not a valid date:"
        " use YYYY, YYYY-MM or YYYY-MM-DD"
    )
    E019 = "{path}: the feed has no entries"
    E020 = "'{value}' is not a valid date: use YYYY, YYYY-MM or YYYY-MM-DD"
    E021 = "{where}: the feed entry has no text (no summary or content)"
    E022 = "{path}: the feed could not be fetched ({detail})"
    E023 = "{path}: the CSV header has no 'text' column (found: {columns})"
    E024 = "{path}: the directory holds no files dossier reads ({known})"
    E025 = "{path}: holds no records, only {what}"
    E026 = "{where}: a field is longer than the limit of {limit} characters"
    E027 = (
        "{path}: document id '{doc_id}' was already read in this run; give the document an"
        " id of its own (the sidecar's or the record's 'id')"
    )
    E028 = (
        "{path}, line {line}: {size} bytes is longer than a record within the limit of"
        " {max_chars} characters can be ({limit} bytes); raise it with --max-chars"
    )
    E029 = (
        "{path}: {size} bytes is too large for the limit of {max_chars} characters per"
        " document; raise it with --max-chars"
    )
    E030 = "{path}: invalid actor dictionary ({detail})"
    E031 = "{path}: invalid event lexicon ({detail})"
    E032 = (
        "the spaCy model could not be loaded: install 'en_core_web_sm' or the project's"
        " requirements ({detail})"
    )
    E040 = "{doc_id}: extraction failed in stage '{stage}' ({detail})"
    E041 = (
        "{doc_id}: extraction took longer than the limit of {seconds:g} s (stopped in stage"
        " '{stage}'); raise it with --time-limit"
    )
    E042 = (
        "{doc_id}: {size} characters is more than the limit of {limit}; raise it with"
        " --max-chars"
    )
    E043 = (
        "{doc_id}: the text holds an unpaired surrogate (U+{code:04X}) at offset {offset},"
        " which is not a character"
    )
    E044 = "{name}: '{value}' is not a valid limit; give a number greater than 0"
    E050 = "{path}: invalid gold file ({detail})"
    E051 = "unknown evaluation set '{name}'; choose one of: {choices}"
    E052 = "{path}: no CAMEO to PLOVER table here; give its path with --cameo-map"
    E053 = "{path}: invalid CAMEO actor codes ({detail})"
    E054 = "{path}: no gold file of the '{name}' set here (looked for {pattern})"
    E060 = "{path}: invalid temporal word lists ({detail})"
    E070 = "{path}: actor entry {entry}: '{field}' is missing or empty"
    E071 = "{path}: actor entry {entry}: unknown {field} '{value}'; choose one of: {choices}"
    E072 = "{path}: actor entry {entry}: id '{id}' is already defined in {other}"
    E073 = "{path}: actor entry {entry}: alias '{alias}' already names '{other}' in {country}"
    E074 = "{path}: actor entry {entry}: {detail}"
    E075 = "{path}: actor entry {entry}: '{value}' in '{field}' is not a known {what} id"
    E076 = "{path}: invalid titles lexicon ({detail})"
    E077 = "{path}: not valid YAML ({detail})"
    E090 = "{path}: invalid place data ({detail})"
    E091 = "{path}: invalid quantity lexicon ({detail})"
    E092 = "{path}: invalid quote lexicon ({detail})"
    E080 = "{path}: invalid modality cues ({detail})"
    E100 = "{path}: not a dossier knowledge base ({detail})"
    E101 = "{path}: no knowledge base here; build one with 'dossier ingest PATH... --db {path}'"
    E102 = (
        "{path}: the knowledge base stayed busy for {seconds:g} s (another process is"
        " writing to it); try again when it has finished"
    )
    E103 = (
        "{path}: the knowledge base has schema version {found}, newer than this dossier"
        " knows ({known}); upgrade dossier to read it"
    )
    E104 = "{path}: the knowledge base could not be opened ({detail})"
    E105 = "{path}: the knowledge base could not be written ({detail})"
    E106 = "{doc_id}: {what} names actor '{actor}', which the document does not define"
    E107 = "{doc_id}: {what} span [{start}, {end}] lies outside the text ({length} characters)"
    E108 = "{doc_id}: actor id '{actor}' is defined twice in the document"
    E109 = "{doc_id}: event id '{event}' is already used by document '{other}'"
    E110 = "{path}: migration '{name}' failed ({detail})"
    E111 = "unknown {what} '{value}'; choose one of: {choices}"
    E112 = "pandas is not installed; install it (pip install pandas) to use to_pandas()"
    E113 = "{path}: the knowledge base could not be read ({detail})"
    E114 = "no event '{event}' in {path}"
    E115 = "no actor matches '{name}' in {path}"
    E116 = "{doc_id}: event id '{event}' is used twice in the document"
    E117 = (
        "{path}: the knowledge base is full (no space left on the disk, or the file reached"
        " its size limit); what was stored before is kept: free space and run again"
    )
    E118 = "{path}: the backup could not be written ({detail})"
    E119 = "{path}: not a dossier knowledge base that can be restored ({detail})"
    E120 = (
        "{path}: the knowledge base is open in another process (dossier serve or ingest?);"
        " stop it and run restore again"
    )
    E121 = "{path}: the restored copy failed its integrity check ({detail}); nothing was replaced"
    E195 = "{path}: already exists; choose another backup file or pass --force to overwrite it"
    E196 = "{path}: holds {documents} documents; pass --force to replace them with the backup"
    E197 = "{path}: exists and is not a dossier knowledge base; pass --force to replace it"
    E198 = "{path}: {failed} of {total} documents could not be re-extracted; their records are kept"
    E140 = "{format}: writes a binary file; give a file path with -o, not '-'"
    E141 = "the {format} export needs the knowledge base, not only event rows"
    E142 = "{path}: invalid export mapping ({detail})"
    E143 = "{path}: the export could not be written ({detail})"
    E144 = "pyarrow is not installed; install it (pip install pyarrow) to export Parquet"
    E160 = "'{value}' is not a valid {name}: give a whole number in range"
    E161 = "{name}: {size} bytes is more than the upload limit of {limit} bytes"
    E162 = "{name}: only .txt, .html, .htm and .jsonl files can be uploaded"
    E163 = "no upload job '{job}'"
    E164 = "binding to {host} needs a token: pass --token or set DOSSIER_TOKEN"
    E165 = "nothing to add: choose files or paste some text"
    E166 = "page {page} goes past the first {rows} rows, the deepest a listing goes"
    E190 = (
        "{path}: the request is larger than the limit of {limit} bytes; send at most"
        " {files} files of {each} bytes each"
    )
    E170 = "--engine {engine}: unknown engine; choose local or dask"
    E171 = "--engine dask writes a Parquet dataset: give its directory with --out DIR"
    E172 = "{option} goes with --engine dask"
    E173 = "{path}: not a dossier Parquet dataset ({detail})"
    E174 = (
        "{path}: the dataset was started with {found} documents per partition, not {given};"
        " use --partition-size {found} or a new --out"
    )
    E175 = (
        "{path}: partition {partition} was written from other inputs ({detail}); give the"
        " same inputs as the first run or a new --out"
    )
    E176 = "{address}: the Dask scheduler could not be reached ({detail})"
    E177 = "{path}: partition {partition} could not be written ({detail})"
    E178 = "{path}: could not be read ({detail})"
    E179 = (
        "{path}: the run that writes this dataset has not finished ({done} of {total}"
        " partitions); run it again with the same --out to complete it"
    )
    E180 = "partition {partition} failed on the cluster ({detail})"
    E181 = "{path}: the Parquet dataset could not be queried ({detail})"
    E182 = "{path}, row {row}: {detail}"
    E183 = "--partition-size: {value} is not a whole number of at least 1"
