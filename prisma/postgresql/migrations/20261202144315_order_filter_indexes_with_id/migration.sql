-- DropIndex
DROP INDEX "Order_partnerId_status_createdAt_idx";

-- DropIndex
DROP INDEX "Order_partnerId_type_createdAt_idx";

-- CreateIndex
CREATE INDEX "Order_partnerId_status_createdAt_id_idx" ON "Order"("partnerId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Order_partnerId_type_createdAt_id_idx" ON "Order"("partnerId", "type", "createdAt", "id");
