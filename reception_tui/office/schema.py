"""The office's own tables, versioned by ``office_schema`` (the import store keeps ``user_version``).

Migrations are a list of (version, statements per engine). The statements are the same for both
engines except where the engines differ: identity columns and the triggers that make the reveal log
append-only. A database written by a newer program is refused with instructions, never altered.

Dates are ISO text (``2026-11-20``), times ISO text with their offset, flags 0/1 integers: portable,
and ISO dates sort as dates.
"""

from __future__ import annotations

from reception_tui.office.db import POSTGRESQL, SQLITE, Database, DatabaseError

_IDENTITY = {
    SQLITE: "INTEGER PRIMARY KEY",
    POSTGRESQL: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
}

_TABLES_V1 = [
    """CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    session_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    site_code TEXT NOT NULL,
    day TEXT NOT NULL,
    category TEXT NOT NULL,
    request_type TEXT NOT NULL,
    district TEXT NOT NULL,
    summary TEXT NOT NULL,
    own_words TEXT NOT NULL,
    place TEXT NOT NULL,
    receiving_deputy TEXT NOT NULL,
    desk_target TEXT NOT NULL,
    suggestion_deputy TEXT NOT NULL,
    visitor_masked TEXT NOT NULL,
    phone_last4 TEXT NOT NULL,
    confidential INTEGER NOT NULL,
    deputies TEXT NOT NULL,
    desk_note TEXT NOT NULL,
    search TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    source_changed INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    anonymous INTEGER NOT NULL,
    state TEXT NOT NULL,
    status TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    slip_number TEXT NOT NULL DEFAULT '',
    transferred_on TEXT,
    due_on TEXT,
    extensions INTEGER NOT NULL DEFAULT 0,
    replied_on TEXT,
    outcome TEXT,
    copied_on TEXT,
    informed_on TEXT,
    satisfaction TEXT,
    surveyed_round INTEGER NOT NULL DEFAULT 0,
    handling_round INTEGER NOT NULL DEFAULT 0,
    closed_on TEXT,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT,
    updated_by TEXT NOT NULL DEFAULT ''
)""",
    """CREATE TABLE case_steps (
    step_id {identity},
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    clerk TEXT NOT NULL,
    at TEXT NOT NULL,
    data TEXT NOT NULL,
    state_before TEXT NOT NULL,
    state_after TEXT NOT NULL,
    revision INTEGER NOT NULL,
    UNIQUE (case_id, seq)
)""",
    """CREATE TABLE case_sync (
    session_id TEXT PRIMARY KEY,
    versions INTEGER NOT NULL,
    synced_at TEXT NOT NULL
)""",
    """CREATE TABLE reveals (
    reveal_id {identity},
    at TEXT NOT NULL,
    clerk TEXT NOT NULL,
    case_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    purpose TEXT NOT NULL
)""",
    """CREATE TABLE documents (
    document_id {identity},
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
)""",
    "CREATE INDEX cases_by_state ON cases (state, due_on)",
    "CREATE INDEX cases_by_unit ON cases (unit, state)",
    "CREATE INDEX cases_by_due ON cases (due_on)",
    "CREATE INDEX cases_by_district ON cases (district)",
    "CREATE INDEX cases_by_day ON cases (day)",
    "CREATE INDEX cases_by_site ON cases (site_code, day)",
    "CREATE INDEX cases_by_number ON cases (case_number, case_id)",
    "CREATE INDEX cases_by_session ON cases (session_id)",
    "CREATE INDEX cases_by_source_changed ON cases (source_changed)",
    "CREATE INDEX cases_by_survey ON cases (state, anonymous, surveyed_round)",
    "CREATE INDEX cases_by_status ON cases (status, case_number, case_id)",
    "CREATE INDEX cases_by_category ON cases (category)",
    # a text search's count scans this narrow index instead of the wide rows (about half the time at 100,000
    # cases); LIKE '%…%' cannot seek in it, but one- and two-character Chinese queries need the substring match
    "CREATE INDEX cases_by_search ON cases (search)",
    "CREATE INDEX reveals_by_case ON reveals (case_id)",
    "CREATE INDEX documents_by_case ON documents (case_id)",
    "CREATE INDEX documents_by_sha ON documents (sha256)",
]

_REVEALS_APPEND_ONLY = {
    SQLITE: [
        "CREATE TRIGGER reveals_no_update BEFORE UPDATE ON reveals "
        "BEGIN SELECT RAISE(ABORT, 'the reveal log is append-only'); END",
        "CREATE TRIGGER reveals_no_delete BEFORE DELETE ON reveals "
        "BEGIN SELECT RAISE(ABORT, 'the reveal log is append-only'); END",
    ],
    POSTGRESQL: [
        "CREATE FUNCTION reveals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the reveal log is append-only'; END $$",
        "CREATE TRIGGER reveals_no_update BEFORE UPDATE OR DELETE ON reveals "
        "FOR EACH ROW EXECUTE FUNCTION reveals_append_only()",
    ],
}


def _v1(dialect: str) -> list[str]:
    tables = [statement.replace("{identity}", _IDENTITY[dialect]) for statement in _TABLES_V1]
    return [*tables, *_REVEALS_APPEND_ONLY[dialect]]


_PRIVACY_LOG = """CREATE TABLE privacy_log (
    log_id {identity},
    at TEXT NOT NULL,
    clerk TEXT NOT NULL,
    action TEXT NOT NULL,
    reference TEXT NOT NULL,
    case_ids TEXT NOT NULL,
    counts TEXT NOT NULL
)"""
"""Retention runs, erasures and subject-access exports: when, who, which action, the request's reference, the
case ids (one per line) and the counts per kind (JSON); never a personal value. Append-only like ``reveals``."""

_PRIVACY_LOG_APPEND_ONLY = {
    SQLITE: [
        "CREATE TRIGGER privacy_log_no_update BEFORE UPDATE ON privacy_log "
        "BEGIN SELECT RAISE(ABORT, 'the privacy log is append-only'); END",
        "CREATE TRIGGER privacy_log_no_delete BEFORE DELETE ON privacy_log "
        "BEGIN SELECT RAISE(ABORT, 'the privacy log is append-only'); END",
    ],
    POSTGRESQL: [
        "CREATE FUNCTION privacy_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the privacy log is append-only'; END $$",
        "CREATE TRIGGER privacy_log_no_update BEFORE UPDATE OR DELETE ON privacy_log "
        "FOR EACH ROW EXECUTE FUNCTION privacy_log_append_only()",
    ],
}


def _v2(dialect: str) -> list[str]:
    return [_PRIVACY_LOG.replace("{identity}", _IDENTITY[dialect]), *_PRIVACY_LOG_APPEND_ONLY[dialect]]


_V3 = [
    # the header's "waiting for a survey" count compares surveyed_round with handling_round: with both in the
    # index it never reads the rows (55 of the header's 65 ms at 100,000 cases went on reading them)
    "DROP INDEX cases_by_survey",
    "CREATE INDEX cases_by_survey ON cases (state, anonymous, surveyed_round, handling_round)",
    # a text search's one pass reads the matching case ids from this narrow index instead of the wide rows
    "DROP INDEX cases_by_search",
    "CREATE INDEX cases_by_search ON cases (search, case_id)",
]

DATA_VERSION_TABLE = "office_data_version"
"""One row, one number: bumped once by every transaction that writes a table the workbench shows (PostgreSQL)."""
DATA_VERSION_TABLES = ("sessions", "files", "cases", "case_steps", "documents")
"""The tables whose writes change what the workbench shows (an import writes the first two, a sync or a step the
others)."""

_V4_POSTGRESQL = [
    "CREATE TABLE office_data_version (only_row INTEGER PRIMARY KEY CHECK (only_row = 1), version BIGINT NOT NULL)",
    "INSERT INTO office_data_version (only_row, version) VALUES (1, 1)",
    # once per transaction (a transaction-local setting remembers it), at COMMIT (a deferred constraint trigger):
    # the counter row is the last lock a writer takes, so two clerks' transactions queue on it for a moment but
    # never deadlock, and a reader sees the new number only with the committed rows. SECURITY DEFINER: a clerk's
    # role needs no right on the counter beyond SELECT.
    "CREATE FUNCTION office_data_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
    "SET search_path FROM CURRENT AS $$ BEGIN "
    "IF current_setting('reception.data_changed', true) IS DISTINCT FROM txid_current()::text THEN "
    "UPDATE office_data_version SET version = version + 1 WHERE only_row = 1; "
    "PERFORM set_config('reception.data_changed', txid_current()::text, true); "
    "END IF; RETURN NULL; END $$",
    *(
        f"CREATE CONSTRAINT TRIGGER {table}_data_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION office_data_changed()"
        for table in DATA_VERSION_TABLES
    ),
]
"""v4 on PostgreSQL: ``data_version`` reads one row instead of scanning three tables. SQLite needs nothing: its
``PRAGMA data_version`` already costs no table read."""

_V5 = [
    # the workbench's most common filter, a unit's cases in one state, read in case-number order by keyset pages:
    # with the order's columns in the index the page is a seek and 50 index entries, never a walk of the whole
    # case-number index filtering out the other units' cases (18 ms of 20 at 1,000,000 cases on PostgreSQL)
    "DROP INDEX cases_by_unit",
    "CREATE INDEX cases_by_unit ON cases (unit, state, case_number, case_id)",
]

MIGRATIONS: list[tuple[int, dict[str, list[str]]]] = [
    (1, {SQLITE: _v1(SQLITE), POSTGRESQL: _v1(POSTGRESQL)}),
    (2, {SQLITE: _v2(SQLITE), POSTGRESQL: _v2(POSTGRESQL)}),
    (3, {SQLITE: _V3, POSTGRESQL: _V3}),
    (4, {SQLITE: [], POSTGRESQL: _V4_POSTGRESQL}),
    (5, {SQLITE: _V5, POSTGRESQL: _V5}),
]
"""(version, statements per engine), oldest first. Add a version at the end; never change a released one."""

LATEST = MIGRATIONS[-1][0]


def schema_version(db: Database) -> int:
    """The office tables' version in ``db`` (0: none yet)."""
    db.execute("CREATE TABLE IF NOT EXISTS office_schema (version INTEGER NOT NULL)")
    found = db.scalar("SELECT MAX(version) FROM office_schema")
    return int(found or 0)


def migrate(db: Database) -> int:
    """Bring the office tables up to :data:`LATEST` (each version in its own transaction); return the version.

    A database of a newer program is refused (:class:`DatabaseError` ``office.db.too_new``): an older
    program must not write tables it does not know.
    """
    with db.transaction():
        current = schema_version(db)
    if current > LATEST:
        raise DatabaseError("office.db.too_new", where=db.where, found=current, supported=LATEST)
    for version, statements in MIGRATIONS:
        if version <= current:
            continue
        with db.transaction():
            if schema_version(db) >= version:  # another process migrated meanwhile
                continue
            db.script(statements[db.dialect])
            db.execute("INSERT INTO office_schema (version) VALUES (?)", (version,))
        current = version
    return current
