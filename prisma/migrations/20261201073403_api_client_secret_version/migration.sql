-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiClient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "secretVersion" INTEGER NOT NULL DEFAULT 1,
    "lastUsedAt" DATETIME,
    "createdByUserId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ApiClient_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiClient_createdByUserId_fkey" FOREIGN KEY ("createdByUserId") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ApiClient" ("clientId", "createdAt", "createdByUserId", "id", "lastUsedAt", "name", "partnerId", "revokedAt", "scopes", "secretHash", "updatedAt") SELECT "clientId", "createdAt", "createdByUserId", "id", "lastUsedAt", "name", "partnerId", "revokedAt", "scopes", "secretHash", "updatedAt" FROM "ApiClient";
DROP TABLE "ApiClient";
ALTER TABLE "new_ApiClient" RENAME TO "ApiClient";
CREATE UNIQUE INDEX "ApiClient_clientId_key" ON "ApiClient"("clientId");
CREATE INDEX "ApiClient_partnerId_idx" ON "ApiClient"("partnerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
