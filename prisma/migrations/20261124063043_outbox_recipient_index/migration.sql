-- CreateIndex
CREATE INDEX "OutboxMessage_tenantId_recipient_status_idx" ON "OutboxMessage"("tenantId", "recipient", "status");

