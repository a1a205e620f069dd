-- The subscription status counts are now updated at COMMIT instead of at the subscription's insert.
--
-- The trigger upserts the partner's "SubscriptionStatusCount" row, and that row stays locked until
-- the transaction ends. Fired at the insert (the third of a submit's eight writes), it held the row
-- across the five round trips after it, so all of one partner's submits queued there, on any
-- number of app instances: bench:core at 20 in flight spent 404 of 440 sampled waits in
-- Lock:transactionid on INSERT INTO "Subscription". A deferred constraint trigger runs the same
-- function when the transaction commits, so the row is held for the commit alone.
--
-- Deferred events run in the order they were queued, each with the row values of its own event
-- (an insert then a status change in one transaction still counts once, under the last status).
-- Nothing reads the counts inside a writing transaction, so nothing sees them late.
DROP TRIGGER "Subscription_status_count" ON "Subscription";

CREATE CONSTRAINT TRIGGER "Subscription_status_count"
AFTER INSERT OR DELETE OR UPDATE OF "status", "partnerId" ON "Subscription"
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "subscription_status_count"();
