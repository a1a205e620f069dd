-- AlterTable
ALTER TABLE "DiscountCode" ADD COLUMN     "stripeCouponIdMonthly" TEXT,
ADD COLUMN     "stripeCouponIdYearly" TEXT;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "stripeProductId" TEXT;

-- AlterTable
ALTER TABLE "OfferPrice" ADD COLUMN     "stripePriceId" TEXT;
