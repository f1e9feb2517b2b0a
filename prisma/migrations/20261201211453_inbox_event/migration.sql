-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "tenantKey" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "availableAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxEvent_availableAt_idx" ON "InboxEvent"("availableAt");

-- CreateIndex
CREATE INDEX "InboxEvent_platform_tenantKey_userId_id_idx" ON "InboxEvent"("platform", "tenantKey", "userId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_platform_tenantKey_eventId_key" ON "InboxEvent"("platform", "tenantKey", "eventId");

