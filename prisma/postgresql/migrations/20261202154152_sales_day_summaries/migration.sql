-- CreateTable
CREATE TABLE "OrderDaySummary" (
    "partnerId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "type" "OrderType" NOT NULL,
    "orders" INTEGER NOT NULL,
    "failedOrders" INTEGER NOT NULL,
    "revenue" INTEGER NOT NULL,

    CONSTRAINT "OrderDaySummary_pkey" PRIMARY KEY ("partnerId","day","currency","type")
);

-- CreateTable
CREATE TABLE "OfferDaySummary" (
    "partnerId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "revenue" INTEGER NOT NULL,

    CONSTRAINT "OfferDaySummary_pkey" PRIMARY KEY ("partnerId","day","offerId","currency")
);

-- CreateIndex
CREATE INDEX "OfferDaySummary_offerId_idx" ON "OfferDaySummary"("offerId");

-- AddForeignKey
ALTER TABLE "OrderDaySummary" ADD CONSTRAINT "OrderDaySummary_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferDaySummary" ADD CONSTRAINT "OfferDaySummary_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferDaySummary" ADD CONSTRAINT "OfferDaySummary_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the orders already stored (the same statements as `summaries rebuild`). The day is
-- the first ten characters of the timestamp as text: "YYYY-MM-DD" in both databases' formats.
INSERT INTO "OrderDaySummary" ("partnerId", "day", "currency", "type", "orders", "failedOrders", "revenue")
SELECT "partnerId", substr(CAST("createdAt" AS TEXT), 1, 10), "currency", "type",
       COUNT(*),
       SUM(CASE WHEN "status" = 'failed' THEN 1 ELSE 0 END),
       SUM(CASE WHEN "status" = 'failed' THEN 0 ELSE "total" END)
FROM "Order"
GROUP BY "partnerId", substr(CAST("createdAt" AS TEXT), 1, 10), "currency", "type";

INSERT INTO "OfferDaySummary" ("partnerId", "day", "offerId", "currency", "quantity", "revenue")
SELECT o."partnerId", substr(CAST(o."createdAt" AS TEXT), 1, 10), i."offerId", o."currency",
       SUM(i."quantity"), SUM(i."amount")
FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId"
WHERE o."status" <> 'failed'
GROUP BY o."partnerId", substr(CAST(o."createdAt" AS TEXT), 1, 10), i."offerId", o."currency";
