-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "sessionsValidFrom" TIMESTAMP(3);
