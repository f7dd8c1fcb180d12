-- alertkit schema, version 3 (PostgreSQL 14+): the dispatch journal (the DispatchJournal SPI), which lets another
-- instance resume a durable dispatch interrupted by a crash without paging anyone twice.
-- ${alertkit_prefix} is the table prefix, as in V1.
-- Every column is text (no length limit): dispatch ids are at most 400 characters (DispatchJournal.MAX_DISPATCH_ID,
-- checked by JdbcDispatchJournal), recipient ids at most 128, attempt ids 30 hex characters today, provider names are
-- not bounded by the SPI. The primary keys stay well below PostgreSQL's btree limit (2,704 bytes per entry).

-- The latest mark of every message of a dispatch: STARTED before its request leaves, NOT_SENT when it certainly did
-- not send. mark() upserts all of one request's messages in one statement (last write wins per attempt).
CREATE TABLE ${alertkit_prefix}dispatch_marks (
  dispatch_id  text        NOT NULL,              -- the alert id, or the alert id and recipient of a deferred send
  attempt_id   text        NOT NULL,              -- one per message; a retry of the same request keeps it
  recipient_id text        NOT NULL,
  channel      text        NOT NULL,              -- dev.alertkit.Channel name
  provider     text        NOT NULL,              -- the provider's name
  mark         text        NOT NULL,              -- STARTED or NOT_SENT
  marked_at    timestamptz NOT NULL,
  PRIMARY KEY (dispatch_id, attempt_id)
);
-- Retention (purge).
CREATE INDEX ${alertkit_prefix}dispatch_marks_marked_at_idx ON ${alertkit_prefix}dispatch_marks (marked_at);

-- Every recipient's final report once the dispatch ended (text alertkit writes and reads: it contains addresses).
CREATE TABLE ${alertkit_prefix}dispatch_reports (
  dispatch_id  text        NOT NULL,
  recipient_id text        NOT NULL,
  report       text        NOT NULL,
  finished_at  timestamptz NOT NULL,
  PRIMARY KEY (dispatch_id, recipient_id)
);
-- Retention (purge).
CREATE INDEX ${alertkit_prefix}dispatch_reports_finished_at_idx ON ${alertkit_prefix}dispatch_reports (finished_at);
