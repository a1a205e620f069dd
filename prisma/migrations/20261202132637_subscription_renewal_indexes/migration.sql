-- CreateIndex
CREATE INDEX "Subscription_partnerId_status_cancelAt_id_idx" ON "Subscription"("partnerId", "status", "cancelAt", "id");

-- CreateIndex
CREATE INDEX "Subscription_partnerId_status_cancelAt_termEnd_id_idx" ON "Subscription"("partnerId", "status", "cancelAt", "termEnd", "id");
