-- A day's sales summaries may now be several rows, told apart by "shard": on PostgreSQL a stored
-- order adds to one of eight rows of its day, taken in turn, so orders in flight at once do not
-- queue for one row lock until they commit (features/dashboard/sales-summary.ts). The rows kept
-- so far become shard 0; readers add a day's rows up. SQLite keeps writing shard 0.
/*
  Warnings:

  - The primary key for the `OfferDaySummary` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - The primary key for the `OrderDaySummary` table will be changed. If it partially fails, the table could be left without primary key constraint.

*/
-- AlterTable
ALTER TABLE "OfferDaySummary" DROP CONSTRAINT "OfferDaySummary_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "OfferDaySummary_pkey" PRIMARY KEY ("partnerId", "day", "offerId", "currency", "shard");

-- AlterTable
ALTER TABLE "OrderDaySummary" DROP CONSTRAINT "OrderDaySummary_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "OrderDaySummary_pkey" PRIMARY KEY ("partnerId", "day", "currency", "type", "shard");
