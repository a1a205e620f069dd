-- CreateTable
CREATE TABLE "SubscriptionStatusCount" (
    "partnerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "subscriptions" INTEGER NOT NULL,

    PRIMARY KEY ("partnerId", "status"),
    CONSTRAINT "SubscriptionStatusCount_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The counts are kept by triggers, inside the transaction of whatever writes a subscription (the
-- app, a bulk import, an operator's SQL), so no writer can leave them behind. Prisma's schema has
-- no triggers: they live only here (docs/architecture.md).
CREATE TRIGGER "Subscription_status_count_insert" AFTER INSERT ON "Subscription"
BEGIN
  INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
  VALUES (NEW."partnerId", NEW."status", 1)
  ON CONFLICT ("partnerId", "status") DO UPDATE SET "subscriptions" = "subscriptions" + 1;
END;

CREATE TRIGGER "Subscription_status_count_update" AFTER UPDATE OF "status", "partnerId" ON "Subscription"
WHEN OLD."status" <> NEW."status" OR OLD."partnerId" <> NEW."partnerId"
BEGIN
  UPDATE "SubscriptionStatusCount" SET "subscriptions" = "subscriptions" - 1
  WHERE "partnerId" = OLD."partnerId" AND "status" = OLD."status";
  INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
  VALUES (NEW."partnerId", NEW."status", 1)
  ON CONFLICT ("partnerId", "status") DO UPDATE SET "subscriptions" = "subscriptions" + 1;
END;

CREATE TRIGGER "Subscription_status_count_delete" AFTER DELETE ON "Subscription"
BEGIN
  UPDATE "SubscriptionStatusCount" SET "subscriptions" = "subscriptions" - 1
  WHERE "partnerId" = OLD."partnerId" AND "status" = OLD."status";
END;

-- Backfill from the subscriptions already stored.
INSERT INTO "SubscriptionStatusCount" ("partnerId", "status", "subscriptions")
SELECT "partnerId", "status", COUNT(*) FROM "Subscription" GROUP BY "partnerId", "status";
