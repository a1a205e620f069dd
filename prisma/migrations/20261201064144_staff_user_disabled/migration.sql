-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN "disabledAt" DATETIME;
