-- CreateTable
CREATE TABLE "SubscriptionStatusCount" (
    "partnerId" TEXT NOT NULL,
    "status" "SubscriptionStatus" NOT NULL,
    "subscriptions" INTEGER NOT NULL,

    CONSTRAINT "SubscriptionStatusCount_pkey" PRIMARY KEY ("partnerId","status")
);

-- AddForeignKey
ALTER TABLE "SubscriptionStatusCount" ADD CONSTRAINT "SubscriptionStatusCount_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The counts are kept by a trigger, inside the transaction of whatever writes a subscription (the
-- app, a bulk import, an operator's SQL), so no writer can leave them behind. Prisma's schema has
-- no triggers: they live only here (docs/architecture.md).
--
-- A change of status moves one from the old status's row to the new one's. Both rows are written
-- by one statement in key order, so two transactions moving subscriptions between the same
-- statuses lock the rows in the same order and cannot deadlock on them.
CREATE FUNCTION "subscription_status_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
    VALUES (NEW."partnerId", NEW."status", 1)
    ON CONFLICT ("partnerId", "status")
    DO UPDATE SET "subscriptions" = "SubscriptionStatusCount"."subscriptions" + 1;
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "SubscriptionStatusCount" SET "subscriptions" = "subscriptions" - 1
    WHERE "partnerId" = OLD."partnerId" AND "status" = OLD."status";
    RETURN NULL;
  END IF;
  IF OLD."status" = NEW."status" AND OLD."partnerId" = NEW."partnerId" THEN
    RETURN NULL;
  END IF;
  INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
  SELECT "partnerId", "status", "delta"
  FROM (VALUES (OLD."partnerId", OLD."status", -1), (NEW."partnerId", NEW."status", 1))
       AS "change" ("partnerId", "status", "delta")
  ORDER BY "partnerId", "status"
  ON CONFLICT ("partnerId", "status")
  DO UPDATE SET "subscriptions" = "SubscriptionStatusCount"."subscriptions" + excluded."subscriptions";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Subscription_status_count"
AFTER INSERT OR DELETE OR UPDATE OF "status", "partnerId" ON "Subscription"
FOR EACH ROW EXECUTE FUNCTION "subscription_status_count"();

-- Backfill from the subscriptions already stored.
INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
SELECT "partnerId", "status", COUNT(*) FROM "Subscription" GROUP BY "partnerId", "status";
