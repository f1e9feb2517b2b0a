-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "transferAskedAt" TIMESTAMP(3),
ADD COLUMN     "transferCoachId" TEXT;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_transferCoachId_fkey" FOREIGN KEY ("transferCoachId") REFERENCES "Coach"("id") ON DELETE SET NULL ON UPDATE CASCADE;

