-- DropIndex
DROP INDEX "Customer_partnerId_createdAt_idx";

-- DropIndex
DROP INDEX "Subscription_partnerId_createdAt_idx";

-- DropIndex
DROP INDEX "Subscription_partnerId_status_createdAt_idx";

-- CreateIndex
CREATE INDEX "Customer_partnerId_createdAt_id_idx" ON "Customer"("partnerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Subscription_partnerId_status_createdAt_id_idx" ON "Subscription"("partnerId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Subscription_partnerId_createdAt_id_idx" ON "Subscription"("partnerId", "createdAt", "id");

-- Customer search (`q` on the customer list): a trigram full-text index of the lower-case name and
-- email, so a substring is looked up instead of read from every customer of the partner. Prisma
-- cannot declare a virtual table: scripts/prisma/unmanaged-objects.ts keeps the migration diff
-- from dropping it. Triggers keep it in step with every writer (bulk inserts too). A row is never
-- removed: customers are never deleted or renamed by the portal, and the search checks every
-- candidate against "Customer" itself, so a stale row can cost a lookup but never a wrong answer.
CREATE VIRTUAL TABLE "CustomerSearch" USING fts5(
  "nameLower",
  "emailLower",
  "customerId" UNINDEXED,
  "partnerId" UNINDEXED,
  tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER "Customer_search_insert" AFTER INSERT ON "Customer" BEGIN
  INSERT INTO "CustomerSearch" ("nameLower", "emailLower", "customerId", "partnerId")
  VALUES (NEW."nameLower", NEW."emailLower", NEW."id", NEW."partnerId");
END;

CREATE TRIGGER "Customer_search_update" AFTER UPDATE OF "nameLower", "emailLower", "partnerId" ON "Customer" BEGIN
  INSERT INTO "CustomerSearch" ("nameLower", "emailLower", "customerId", "partnerId")
  VALUES (NEW."nameLower", NEW."emailLower", NEW."id", NEW."partnerId");
END;

INSERT INTO "CustomerSearch" ("nameLower", "emailLower", "customerId", "partnerId")
SELECT "nameLower", "emailLower", "id", "partnerId" FROM "Customer";
