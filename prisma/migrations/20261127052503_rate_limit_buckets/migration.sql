-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tokens" INTEGER NOT NULL,
    "refilledAtMs" BIGINT NOT NULL
);
