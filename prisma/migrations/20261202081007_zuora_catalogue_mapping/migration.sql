-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN "zuoraProductRatePlanChargeId" TEXT;
ALTER TABLE "DiscountCode" ADD COLUMN "zuoraProductRatePlanId" TEXT;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN "zuoraProductRatePlanChargeId" TEXT;
ALTER TABLE "Offer" ADD COLUMN "zuoraProductRatePlanId" TEXT;
