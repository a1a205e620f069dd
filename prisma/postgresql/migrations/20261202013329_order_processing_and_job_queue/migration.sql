-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failureCode" TEXT,
ADD COLUMN     "failureMessage" TEXT,
ADD COLUMN     "processedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "key" TEXT,
    "runAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "failedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

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
