-- AlterTable
ALTER TABLE "Flag" ADD COLUMN     "acknowledgedAt" TIMESTAMP(3),
ADD COLUMN     "acknowledgedBy" TEXT,
ADD COLUMN     "number" SERIAL NOT NULL,
ADD COLUMN     "pausesArea" TEXT,
ADD COLUMN     "resolutionNote" TEXT,
ADD COLUMN     "resolvedBy" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Flag_number_key" ON "Flag"("number");

