-- Nothing to change on SQLite. PostgreSQL's migration of the same name defers its subscription
-- count trigger to COMMIT, so that the partner's count row is not held locked through the rest of
-- the transaction; SQLite runs one writing transaction at a time, so no other writer waits on it.
SELECT 1;
