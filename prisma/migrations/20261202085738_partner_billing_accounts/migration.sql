-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Partner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "invoiceOwner" TEXT NOT NULL DEFAULT 'customer',
    "allowedCountries" JSONB,
    "creditLimit" INTEGER,
    "billingProvider" TEXT,
    "defaultCurrency" TEXT NOT NULL DEFAULT 'GBP',
    "zuoraAccountNumber" TEXT,
    "stripeCustomerId" TEXT,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "calloutUrl" TEXT,
    "calloutTimeoutMs" INTEGER NOT NULL DEFAULT 2000,
    "calloutCritical" BOOLEAN NOT NULL DEFAULT false,
    "calloutRejectStatuses" JSONB,
    "calloutSecretSealed" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Partner" ("allowedCountries", "billingProvider", "calloutCritical", "calloutRejectStatuses", "calloutSecretSealed", "calloutTimeoutMs", "calloutUrl", "createdAt", "creditLimit", "defaultCurrency", "id", "invoiceOwner", "isDemo", "name", "requireTwoFactor", "slug", "status", "updatedAt") SELECT "allowedCountries", "billingProvider", "calloutCritical", "calloutRejectStatuses", "calloutSecretSealed", "calloutTimeoutMs", "calloutUrl", "createdAt", "creditLimit", "defaultCurrency", "id", "invoiceOwner", "isDemo", "name", "requireTwoFactor", "slug", "status", "updatedAt" FROM "Partner";
DROP TABLE "Partner";
ALTER TABLE "new_Partner" RENAME TO "Partner";
CREATE UNIQUE INDEX "Partner_slug_key" ON "Partner"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
