-- The shared rate-limit buckets are written by every API request (one UPDATE, committed on its
-- own), so as a logged table each request waited for a WAL flush, and the requests of one API
-- client, which share one row, queued for it one flush at a time. An unlogged table skips the WAL.
-- What it gives up is harmless here: after a crash PostgreSQL empties the table, and a missing
-- bucket answers like a full one (rate-limit.ts, purgeIdleBuckets), so every client gets its
-- burst again; a standby does not see the buckets, so after a failover the same happens.
ALTER TABLE "RateLimitBucket" SET UNLOGGED;
