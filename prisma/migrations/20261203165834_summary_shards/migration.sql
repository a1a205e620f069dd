-- A day's sales summaries may now be several rows, told apart by "shard": on PostgreSQL a stored
-- order adds to one of eight rows of its day, taken in turn, so orders in flight at once do not
-- queue for one row lock until they commit (features/dashboard/sales-summary.ts). The rows kept
-- so far become shard 0; readers add a day's rows up. SQLite keeps writing shard 0.
/*
  Warnings:

  - The primary key for the `OfferDaySummary` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - The primary key for the `OrderDaySummary` table will be changed. If it partially fails, the table could be left without primary key constraint.

*/
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OfferDaySummary" (
    "partnerId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "revenue" INTEGER NOT NULL,
    "shard" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("partnerId", "day", "offerId", "currency", "shard"),
    CONSTRAINT "OfferDaySummary_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfferDaySummary_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OfferDaySummary" ("currency", "day", "offerId", "partnerId", "quantity", "revenue") SELECT "currency", "day", "offerId", "partnerId", "quantity", "revenue" FROM "OfferDaySummary";
DROP TABLE "OfferDaySummary";
ALTER TABLE "new_OfferDaySummary" RENAME TO "OfferDaySummary";
CREATE INDEX "OfferDaySummary_offerId_idx" ON "OfferDaySummary"("offerId");
CREATE TABLE "new_OrderDaySummary" (
    "partnerId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "failedOrders" INTEGER NOT NULL,
    "revenue" INTEGER NOT NULL,
    "shard" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("partnerId", "day", "currency", "type", "shard"),
    CONSTRAINT "OrderDaySummary_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderDaySummary" ("currency", "day", "failedOrders", "orders", "partnerId", "revenue", "type") SELECT "currency", "day", "failedOrders", "orders", "partnerId", "revenue", "type" FROM "OrderDaySummary";
DROP TABLE "OrderDaySummary";
ALTER TABLE "new_OrderDaySummary" RENAME TO "OrderDaySummary";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
