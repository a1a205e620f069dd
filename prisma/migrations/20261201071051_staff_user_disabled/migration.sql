-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN "disabledAt" DATETIME;
ALTER TABLE "StaffUser" ADD COLUMN "sessionsValidFrom" DATETIME;
