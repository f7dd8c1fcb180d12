-- alertkit schema, version 1 (PostgreSQL 14+).
-- ${alertkit_prefix} is the table prefix (default "alertkit_"). With Flyway set the placeholder, e.g.
-- spring.flyway.placeholders.alertkit_prefix=alertkit_ ; JdbcStores.migrate(...) substitutes it itself.
-- Tables are created in the connection's current schema (Flyway: its default schema; JdbcStores: the configured one).

-- Dedup claims: one row per dedup key (see dev.alertkit.spi.AlertStateStore for the contract). A claim is one
-- INSERT ... ON CONFLICT ... DO UPDATE whose CASE expressions decide, under the row lock, whether this occurrence is
-- sent (claimed) or suppressed; complete/release are one UPDATE ... WHERE dedup_key = ? AND alert_id = ?.
CREATE TABLE ${alertkit_prefix}dedup (
  dedup_key      text        NOT NULL PRIMARY KEY,
  alert_id       text        NOT NULL,              -- the alert that holds the key (the last one claimed)
  claimed_at     timestamptz NOT NULL,              -- when it claimed the key
  last_seen      timestamptz NOT NULL,              -- last occurrence (the window slides on it)
  last_sent      timestamptz,                       -- when an alert with the key last reached someone; NULL: never, or released
  in_flight      boolean     NOT NULL,              -- whether the holder is still being sent
  suppressed     integer     NOT NULL DEFAULT 0,    -- occurrences suppressed since the last claim
  version        bigint      NOT NULL DEFAULT 0
);
CREATE INDEX ${alertkit_prefix}dedup_last_seen_idx ON ${alertkit_prefix}dedup (last_seen);

-- Delivery attempts and their status. status_rank/status_terminal mirror DeliveryStatus so that the UPDATE itself
-- can refuse a backward move.
CREATE TABLE ${alertkit_prefix}delivery_attempt (
  attempt_id          text        NOT NULL PRIMARY KEY,
  alert_id            text        NOT NULL,
  recipient_id        text        NOT NULL,
  channel             text        NOT NULL,
  provider            text        NOT NULL,
  provider_message_id text,
  status              text        NOT NULL,
  status_rank         smallint    NOT NULL,
  status_terminal     boolean     NOT NULL,
  raw_status          text        NOT NULL,
  error_code          text,
  reason              text,
  updated_at          timestamptz NOT NULL,
  registered          boolean     NOT NULL,
  created_at          timestamptz NOT NULL,
  version             bigint      NOT NULL DEFAULT 0
);
CREATE INDEX ${alertkit_prefix}delivery_attempt_pmid_idx ON ${alertkit_prefix}delivery_attempt (provider_message_id);
CREATE INDEX ${alertkit_prefix}delivery_attempt_alert_idx ON ${alertkit_prefix}delivery_attempt (alert_id);
CREATE INDEX ${alertkit_prefix}delivery_attempt_updated_idx ON ${alertkit_prefix}delivery_attempt (updated_at);

-- Webhook/event deduplication keys, remembered until expires_at.
CREATE TABLE ${alertkit_prefix}delivery_seen (
  dedup_key  text        NOT NULL PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX ${alertkit_prefix}delivery_seen_expires_idx ON ${alertkit_prefix}delivery_seen (expires_at);

-- Durable timers: db-scheduler's table (DDL from db-scheduler's postgresql_tables.sql, with the prefix).
-- task_name is the timer kind, task_instance its key, task_data its payload as UTF-8 text.
CREATE TABLE ${alertkit_prefix}scheduled_tasks (
  task_name            text        NOT NULL,
  task_instance        text        NOT NULL,
  task_data            bytea,
  execution_time       timestamptz NOT NULL,
  picked               boolean     NOT NULL,
  picked_by            text,
  last_success         timestamptz,
  last_failure         timestamptz,
  consecutive_failures integer,
  last_heartbeat       timestamptz,
  version              bigint      NOT NULL,
  priority             smallint,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX ${alertkit_prefix}scheduled_tasks_execution_time_idx ON ${alertkit_prefix}scheduled_tasks (execution_time);
CREATE INDEX ${alertkit_prefix}scheduled_tasks_last_heartbeat_idx ON ${alertkit_prefix}scheduled_tasks (last_heartbeat);
CREATE INDEX ${alertkit_prefix}scheduled_tasks_priority_execution_time_idx ON ${alertkit_prefix}scheduled_tasks (priority DESC, execution_time ASC);
