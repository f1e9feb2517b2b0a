-- AlterTable
ALTER TABLE "CoachingSession" ADD COLUMN     "coachId" TEXT;

-- AddForeignKey
ALTER TABLE "CoachingSession" ADD CONSTRAINT "CoachingSession_coachId_fkey" FOREIGN KEY ("coachId") REFERENCES "Coach"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Sessions recorded before this column are taken to be run by the client's coach of now: there is
-- no better record of who ran them.
UPDATE "CoachingSession" AS s SET "coachId" = c."coachId" FROM "Client" AS c WHERE c."id" = s."clientId";
