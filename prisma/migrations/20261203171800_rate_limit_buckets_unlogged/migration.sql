-- Nothing to change on SQLite: PostgreSQL's migration of the same name makes the rate-limit
-- buckets an unlogged table. The embedded database keeps its buckets in memory, not in this table.
SELECT 1;
