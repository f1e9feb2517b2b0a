-- AlterTable
ALTER TABLE "CoachingSession" ADD COLUMN     "key" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "CoachingSession_clientId_key_key" ON "CoachingSession"("clientId", "key");

