-- alertkit schema, version 2 (PostgreSQL 14+): incidents and escalation state (the IncidentStore SPI).
-- ${alertkit_prefix} is the table prefix, as in V1.

-- One row per incident. The state is in columns; the opening alert, the notifications and the timeline are JSON text.
-- Every change is a compare-and-set: UPDATE ... WHERE id = ? AND version = ?.
CREATE TABLE ${alertkit_prefix}incident (
  id               text        NOT NULL PRIMARY KEY,  -- the opening alert's id
  dedup_key        text,
  policy_name      text        NOT NULL,
  state            text        NOT NULL,              -- TRIGGERED, ACKNOWLEDGED, EXHAUSTED, RESOLVED
  opened_at        timestamptz NOT NULL,
  round            integer     NOT NULL,
  step             integer     NOT NULL,
  next_step_due    timestamptz,
  acknowledged_by  text,
  acknowledged_via text,
  acknowledged_at  timestamptz,
  resolved_by      text,
  resolved_at      timestamptz,
  attached_alerts  integer     NOT NULL,
  alert            text        NOT NULL,              -- JSON: the opening alert
  notifications    text        NOT NULL,              -- JSON array: every person paged, per channel and step
  timeline         text        NOT NULL,              -- JSON array: what happened, in order
  updated_at       timestamptz NOT NULL,
  version          bigint      NOT NULL
);
-- At most one open incident per dedup key, enforced by the database: two instances raising one key open one incident.
CREATE UNIQUE INDEX ${alertkit_prefix}incident_open_dedup_idx ON ${alertkit_prefix}incident (dedup_key)
  WHERE state <> 'RESOLVED' AND dedup_key IS NOT NULL;
-- Retention of resolved incidents (purge).
CREATE INDEX ${alertkit_prefix}incident_resolved_idx ON ${alertkit_prefix}incident (resolved_at) WHERE resolved_at IS NOT NULL;

-- One row per notification a step sent: finds the incident of a delivery event (alert id) and of a reply (address).
CREATE TABLE ${alertkit_prefix}incident_notification (
  alert_id    text NOT NULL PRIMARY KEY,
  incident_id text NOT NULL REFERENCES ${alertkit_prefix}incident (id) ON DELETE CASCADE,
  address     text NOT NULL
);
CREATE INDEX ${alertkit_prefix}incident_notification_address_idx ON ${alertkit_prefix}incident_notification (address);
CREATE INDEX ${alertkit_prefix}incident_notification_incident_idx ON ${alertkit_prefix}incident_notification (incident_id);

-- Numbers that replied STOP to a channel (until START).
CREATE TABLE ${alertkit_prefix}opt_out (
  address    text        NOT NULL,
  channel    text        NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (address, channel)
);

-- Wrong reply codes per sender in the current rate-limit window.
CREATE TABLE ${alertkit_prefix}wrong_code (
  sender       text        NOT NULL PRIMARY KEY,
  window_start bigint      NOT NULL,                  -- epoch millis of the window the count belongs to
  count        integer     NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX ${alertkit_prefix}wrong_code_updated_idx ON ${alertkit_prefix}wrong_code (updated_at);

-- Single-use keys (a signed acknowledgement link's token id): the first INSERT wins.
CREATE TABLE ${alertkit_prefix}claim_once (
  claim_key  text        NOT NULL PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX ${alertkit_prefix}claim_once_expires_idx ON ${alertkit_prefix}claim_once (expires_at);
