-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN     "zuoraProductRatePlanChargeId" TEXT,
ADD COLUMN     "zuoraProductRatePlanId" TEXT;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "zuoraProductRatePlanChargeId" TEXT,
ADD COLUMN     "zuoraProductRatePlanId" TEXT;
