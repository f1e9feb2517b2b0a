-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "lockedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ScheduledJob" ADD COLUMN     "lockedAt" TIMESTAMP(3);

