-- AlterTable
ALTER TABLE "StageTransition" ADD COLUMN     "changedBy" TEXT NOT NULL DEFAULT 'system',
ADD COLUMN     "coachId" TEXT;


-- Rows written before the column existed: staging and relapse answers were the client's own.
UPDATE "StageTransition" SET "changedBy" = 'client' WHERE "reason" LIKE 'staged %' OR "reason" LIKE 'relapse after %';
