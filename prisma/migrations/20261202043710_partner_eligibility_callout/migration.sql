-- The partner's eligibility callout (added columns only: no table rewrite).
ALTER TABLE "Partner" ADD COLUMN "calloutUrl" TEXT;
ALTER TABLE "Partner" ADD COLUMN "calloutTimeoutMs" INTEGER NOT NULL DEFAULT 2000;
ALTER TABLE "Partner" ADD COLUMN "calloutCritical" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Partner" ADD COLUMN "calloutRejectStatuses" JSONB;
ALTER TABLE "Partner" ADD COLUMN "calloutSecretSealed" TEXT;
