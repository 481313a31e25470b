-- push.sql (PostgreSQL) - the statements `progdb push` and `--server` run
-- on the server.  $N parameters are bound by src/pg*.c.

-- name: schema_table
-- The schema version, as PRAGMA user_version is for SQLite: one row.
CREATE TABLE IF NOT EXISTS progdb_schema (
  one      boolean PRIMARY KEY DEFAULT true CHECK (one),
  version  integer NOT NULL
);

-- name: schema_lock
-- Held for the transaction: migrating excludes every push ...
SELECT pg_advisory_xact_lock(1886547815);

-- name: schema_lock_shared
-- ... and pushes, which share it, only one another's repositories.
SELECT pg_advisory_xact_lock_shared(1886547815);

-- name: schema_version
SELECT coalesce((SELECT version FROM progdb_schema), 0);

-- name: schema_set
INSERT INTO progdb_schema (one, version) VALUES (true, $1)
ON CONFLICT (one) DO UPDATE SET version = excluded.version;

-- name: repo_claim
INSERT INTO progdb_repo (repo) VALUES ($1) ON CONFLICT (repo) DO NOTHING;

-- name: repo_lock
-- Waits for a push of the same repository to end.  local_schema (schema 4
-- on) read so that an older server answers NULL.
SELECT last_run, last_started, to_jsonb(p) ->> 'local_schema'
  FROM progdb_repo p WHERE repo = $1 FOR UPDATE;

-- name: repo_documents
-- The documents the server has of the repository.
SELECT id FROM document WHERE repo = $1;

-- name: repo_done
UPDATE progdb_repo
   SET last_run = $2, last_started = $3, pushed_at = now(), tool_version = $4
 WHERE repo = $1;

-- name: repo_local_schema
-- Schema 4 on: the local schema the rows came from.
UPDATE progdb_repo SET local_schema = $2 WHERE repo = $1;

-- name: repos
SELECT repo FROM progdb_repo WHERE last_run IS NOT NULL ORDER BY repo;

-- name: columns
-- A table's stored columns but repo, in order (generated ones left out).
SELECT column_name FROM information_schema.columns
 WHERE table_schema = current_schema() AND table_name = $1
   AND column_name <> 'repo' AND is_generated = 'NEVER'
 ORDER BY ordinal_position;

-- name: schema_exists
SELECT to_regclass('progdb_schema') IS NOT NULL;
