-- AlterTable
ALTER TABLE "Goal" ADD COLUMN     "key" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "Flag" ADD COLUMN     "coachNotifiedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Goal_clientId_key_key" ON "Goal"("clientId", "key");

