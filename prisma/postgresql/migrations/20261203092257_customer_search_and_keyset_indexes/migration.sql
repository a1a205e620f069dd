-- Trigram indexes for customer search (`q`), below. pg_trgm ships with PostgreSQL (contrib) and is a
-- trusted extension: the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Customer_partnerId_createdAt_idx";

-- DropIndex
DROP INDEX "Subscription_partnerId_createdAt_idx";

-- DropIndex
DROP INDEX "Subscription_partnerId_status_createdAt_idx";

-- CreateIndex
CREATE INDEX "Customer_partnerId_createdAt_id_idx" ON "Customer"("partnerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Customer_nameLower_trgm_idx" ON "Customer" USING GIN ("nameLower" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Customer_emailLower_trgm_idx" ON "Customer" USING GIN ("emailLower" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Subscription_partnerId_status_createdAt_id_idx" ON "Subscription"("partnerId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Subscription_partnerId_createdAt_id_idx" ON "Subscription"("partnerId", "createdAt", "id");
