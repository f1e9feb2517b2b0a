import { describe, expect, it } from "vitest";
import { STAGES } from "../../src/domain/stages.js";
import { nextStage } from "../../src/machines/stage.machine.js";

describe("stage graph", () => {
  it("places a new domain in any stage from the staging answers", () => {
    for (const stage of STAGES) expect(nextStage(null, { type: "STAGED", stage })).toBe(stage);
  });

  it("re-stages from any stage to any stage", () => {
    expect(nextStage("precontemplation", { type: "RESTAGED", stage: "preparation" })).toBe("preparation");
    expect(nextStage("action", { type: "RESTAGED", stage: "contemplation" })).toBe("contemplation");
  });

  it("moves action to maintenance only when the behavior has been sustained", () => {
    expect(nextStage("action", { type: "CRITERION_SUSTAINED" })).toBe("maintenance");
    expect(nextStage("preparation", { type: "CRITERION_SUSTAINED" })).toBeNull();
  });

  it("keeps the stage on a lapse, in every stage", () => {
    for (const stage of STAGES) expect(nextStage(stage, { type: "LAPSED" })).toBe(stage);
  });

  it("moves back to preparation or contemplation on a relapse, only from stages that had started", () => {
    expect(nextStage("action", { type: "RELAPSED", to: "preparation" })).toBe("preparation");
    expect(nextStage("maintenance", { type: "RELAPSED", to: "contemplation" })).toBe("contemplation");
    expect(nextStage("preparation", { type: "RELAPSED", to: "contemplation" })).toBe("contemplation");
    expect(nextStage("contemplation", { type: "RELAPSED", to: "preparation" })).toBeNull();
    expect(nextStage("precontemplation", { type: "RELAPSED", to: "contemplation" })).toBeNull();
  });

  it("has no edge for a staging event on an already staged domain", () => {
    expect(nextStage("action", { type: "STAGED", stage: "maintenance" })).toBeNull();
  });
});
