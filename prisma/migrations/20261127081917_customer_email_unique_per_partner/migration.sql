/*
  Warnings:

  - A unique constraint covering the columns `[partnerId,emailLower]` on the table `Customer` will be added. If there are existing duplicate values, this will fail.

*/
-- DropIndex
DROP INDEX "Customer_partnerId_emailLower_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Customer_partnerId_emailLower_key" ON "Customer"("partnerId", "emailLower");
