-- AlterTable
ALTER TABLE "Partner" ADD COLUMN     "stripeCustomerId" TEXT,
ADD COLUMN     "zuoraAccountNumber" TEXT,
ALTER COLUMN "invoiceOwner" SET DEFAULT 'customer';
