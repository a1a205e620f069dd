-- CreateIndex
CREATE INDEX "Subscription_status_cancelAt_idx" ON "Subscription"("status", "cancelAt");

-- CreateIndex
CREATE INDEX "Subscription_status_termEnd_idx" ON "Subscription"("status", "termEnd");
