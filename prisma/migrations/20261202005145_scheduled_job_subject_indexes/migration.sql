-- CreateIndex
CREATE INDEX "ScheduledJob_clientId_idx" ON "ScheduledJob"("clientId");

-- CreateIndex
CREATE INDEX "ScheduledJob_coachId_idx" ON "ScheduledJob"("coachId");

