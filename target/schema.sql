-- Aetheris 2.x job store schema, reconstructed from aetheris-contract.md §3–§5 and §10.2
-- (upstream: internal/runtime/jobstore/schema.sql). Names, types and indexes follow Aetheris;
-- idempotent like the original (IF NOT EXISTS), so it can be applied to an existing database.

CREATE TABLE IF NOT EXISTS jobs (
  id                    TEXT PRIMARY KEY,
  agent_id              TEXT NOT NULL,
  goal                  TEXT NOT NULL DEFAULT '',
  status                INT  NOT NULL DEFAULT 0,
  cursor                TEXT NOT NULL DEFAULT '',
  retry_count           INT  NOT NULL DEFAULT 0,
  session_id            TEXT,
  cancel_requested_at   TIMESTAMPTZ,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key       TEXT,
  required_capabilities TEXT[],
  tenant_id             TEXT
);
CREATE INDEX IF NOT EXISTS idx_jobs_agent_id ON jobs (agent_id);
CREATE INDEX IF NOT EXISTS idx_jobs_status ON jobs (status);
CREATE INDEX IF NOT EXISTS idx_jobs_tenant_id ON jobs (tenant_id);
CREATE INDEX IF NOT EXISTS idx_jobs_created_at ON jobs (created_at);
CREATE UNIQUE INDEX IF NOT EXISTS idx_jobs_agent_idempotency
  ON jobs (agent_id, idempotency_key) WHERE idempotency_key IS NOT NULL AND idempotency_key <> '';

CREATE TABLE IF NOT EXISTS job_events (
  id         BIGSERIAL PRIMARY KEY,
  job_id     TEXT NOT NULL,
  version    INT  NOT NULL,
  type       TEXT NOT NULL,
  payload    JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  prev_hash  TEXT NOT NULL DEFAULT '',
  hash       TEXT NOT NULL DEFAULT '',
  UNIQUE (job_id, version)
);
CREATE INDEX IF NOT EXISTS idx_job_events_job_id ON job_events (job_id);
CREATE INDEX IF NOT EXISTS idx_job_events_created_at ON job_events (created_at);

CREATE TABLE IF NOT EXISTS job_claims (
  job_id     TEXT PRIMARY KEY,
  worker_id  TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  attempt_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS idx_job_claims_expires_at ON job_claims (expires_at);

CREATE TABLE IF NOT EXISTS job_snapshots (
  job_id     TEXT NOT NULL,
  version    INT  NOT NULL,
  snapshot   BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, version)
);
CREATE INDEX IF NOT EXISTS idx_job_snapshots_job_id ON job_snapshots (job_id);
CREATE INDEX IF NOT EXISTS idx_job_snapshots_created_at ON job_snapshots (created_at);

CREATE TABLE IF NOT EXISTS tool_invocations (
  job_id          TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  invocation_id   TEXT NOT NULL DEFAULT '',
  step_id         TEXT NOT NULL DEFAULT '',
  tool_name       TEXT NOT NULL DEFAULT '',
  args_hash       TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT '',
  result          BYTEA,
  committed       BOOLEAN NOT NULL DEFAULT false,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  confirmed_at    TIMESTAMPTZ,
  external_id     TEXT,
  PRIMARY KEY (job_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS idx_tool_invocations_created_at ON tool_invocations (created_at);

CREATE TABLE IF NOT EXISTS checkpoints (
  id         TEXT PRIMARY KEY,
  job_id     TEXT NOT NULL,
  node_id    TEXT NOT NULL DEFAULT '',
  state      JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_checkpoints_job_id ON checkpoints (job_id);

CREATE TABLE IF NOT EXISTS effects (
  id         BIGSERIAL PRIMARY KEY,
  job_id     TEXT NOT NULL,
  command_id TEXT NOT NULL,
  kind       TEXT NOT NULL,
  input      JSONB,
  output     JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (job_id, command_id)
);

CREATE TABLE IF NOT EXISTS agent_states (
  agent_id   TEXT NOT NULL,
  session_id TEXT NOT NULL,
  state      JSONB,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, session_id)
);

CREATE TABLE IF NOT EXISTS agent_instances (
  agent_id       TEXT PRIMARY KEY,
  tenant_id      TEXT,
  current_job_id TEXT,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS agent_messages (
  id         BIGSERIAL PRIMARY KEY,
  agent_id   TEXT NOT NULL,
  payload    JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Present in Aetheris, unused by its runtime (contract §10.2).
CREATE TABLE IF NOT EXISTS job_tombstones (
  job_id         TEXT PRIMARY KEY,
  tenant_id      TEXT,
  agent_id       TEXT,
  deleted_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_by     TEXT,
  reason         TEXT,
  event_count    INT,
  retention_days INT,
  archive_ref    TEXT,
  metadata_json  JSONB
);
CREATE TABLE IF NOT EXISTS tenants (
  id         TEXT PRIMARY KEY,
  name       TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS user_roles (
  tenant_id TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  role      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE TABLE IF NOT EXISTS access_audit_log (
  id         BIGSERIAL PRIMARY KEY,
  tenant_id  TEXT,
  user_id    TEXT,
  action     TEXT,
  resource   TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS signal_inbox (
  id              BIGSERIAL PRIMARY KEY,
  job_id          TEXT NOT NULL,
  correlation_key TEXT NOT NULL,
  payload         JSONB,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Not Aetheris: the reference target's `storageLeak` fault knob writes here per job and nothing
-- ever deletes from it, so a soak run can prove the harness flags unbounded growth.
CREATE TABLE IF NOT EXISTS job_audit_leak (
  id         BIGSERIAL PRIMARY KEY,
  job_id     TEXT NOT NULL,
  phase      TEXT NOT NULL,
  detail     JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Not Aetheris: lets the reference worker's claim walk pending jobs oldest-first instead of
-- aggregating all of job_events per claim (see target/worker/claim.ts).
CREATE INDEX IF NOT EXISTS idx_jobs_pending_created_at ON jobs (created_at) WHERE status = 0;

-- Not Aetheris: each reference worker records where its /metrics is served, so the reference API's
-- /metrics can include the worker metrics of contract §10.1 item 12 (Aetheris keeps them apart).
CREATE TABLE IF NOT EXISTS target_worker_endpoints (
  worker_id   TEXT PRIMARY KEY,
  metrics_url TEXT NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
