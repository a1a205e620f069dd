-- AlterTable
ALTER TABLE "Partner" ADD COLUMN     "calloutCritical" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "calloutRejectStatuses" JSONB,
ADD COLUMN     "calloutSecretSealed" TEXT,
ADD COLUMN     "calloutTimeoutMs" INTEGER NOT NULL DEFAULT 2000,
ADD COLUMN     "calloutUrl" TEXT;
