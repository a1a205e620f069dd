-- AlterTable
ALTER TABLE "ApiClient" ADD COLUMN     "secretVersion" INTEGER NOT NULL DEFAULT 1;
