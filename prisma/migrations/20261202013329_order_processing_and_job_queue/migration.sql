-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "key" TEXT,
    "runAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "failedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable
-- Columns added in place (SQLite allows ADD COLUMN with a constant default), rather than the
-- copy of the whole table Prisma writes, which would take minutes on a large database.
ALTER TABLE "Order" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Order" ADD COLUMN "processedAt" DATETIME;
ALTER TABLE "Order" ADD COLUMN "failureCode" TEXT;
ALTER TABLE "Order" ADD COLUMN "failureMessage" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");

-- CreateIndex
CREATE INDEX "Job_failedAt_runAt_idx" ON "Job"("failedAt", "runAt");

-- Backfill. Orders made before this version were processed at once: one attempt, processed when
-- created. Those stored `submitted` (process_immediately false) had in fact been billed at once
-- too; they and their subscriptions, left `pending`, become what they are: complete and active.
UPDATE "Subscription" SET "status" = 'active'
WHERE "status" = 'pending'
  AND "id" IN (SELECT "subscriptionId" FROM "Order" WHERE "status" = 'submitted' AND "subscriptionId" IS NOT NULL);
UPDATE "Order" SET "status" = 'complete' WHERE "status" = 'submitted';
UPDATE "Order" SET "attempts" = 1, "processedAt" = "createdAt" WHERE "status" = 'complete';
