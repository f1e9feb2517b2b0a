import { describe, expect, it } from "vitest";
import { normaliseForScreening, screenText } from "../../src/domain/safety.js";
import { loadCatalog } from "../../src/flows/loader.js";

// The lexicon exactly as the bot loads and validates it at start-up.
const lexicon = loadCatalog().safety.lexicon;

const crisisExamples = [
  "I want to kill myself",
  "I WANT TO DIE",
  "i wanna die",
  "I don’t want to live anymore",
  "I don't want to be here anymore",
  "i dont want to be here any more",
  "DONT WANT TO LIVE",
  "I've been thinking about killing myself",
  "I wish I was dead",
  "Sometimes I wish I were dead",
  "I wish I’d never been born",
  "kms",
  "honestly i might just kms tonight",
  "I want to unalive myself",
  "been thinking about unaliving",
  "I feel suicidal lately",
  "I’m not suicidal, just tired of everything",
  "I'm thinking about suicide",
  "They'd all be better off without me",
  "I'd be better off dead",
  "There's no reason to live",
  "I have nothing to live for",
  "I keep hurting myself on purpose",
  "I've started cutting myself again",
  "I self-harm when I'm stressed",
  "self harm urges are back",
  "I'm going to take my own life",
  "I want to end my life",
  "I just want to end it all",
  "thinking of overdosing on purpose",
  "Life isn't worth living",
  "I'm tired of being alive",
  "I don't see the point in living anymore",
  "I want to go to sleep and never wake up",
  "I really, truly want to die",
  "No chest pain, but I want to die",
  "I have chest pain and I want to kill myself",
  "I want to die, this workout is killing me",
  "I want to die for real",
  // Self-harm in its inflections, overdose, eating-disorder behaviour and abuse (red-team, b1.yaml).
  "I self-harmed again last night",
  "been self harming since the weekend",
  "I feel like hurting myself sometimes",
  "I took some pills to make it stop",
  "what's the point of anything, I'm done with life",
  "i might as well not exist",
  "I've been starving myself",
  "I made myself throw up after dinner",
  "my partner hits me",
  "my husband beats me when he drinks",
  // Said in the client's own language.
  "ich will nicht mehr leben",
  "je veux mourir",
  "quiero morir",
];

const medicalExamples = [
  "I have chest pain",
  "CHEST PAIN",
  "Crushing chest pain on the treadmill",
  "I can’t breathe",
  "I cannot breathe properly",
  "I can not breathe",
  "Having trouble breathing after the run",
  "I fainted in the shower",
  "My dad passed out at the gym",
  "Her face is drooping on one side",
  "His speech is slurred and he seems confused",
  "I'm numb on one side of my body",
  "I'm bleeding heavily and it won't stop",
  "I think I overdosed",
  "He's having a seizure",
  "My throat is swelling after eating peanuts",
  "I think I'm having a heart attack",
  "I didn't eat breakfast, then I fainted",
  "I didn't eat breakfast and fainted",
  "No fever but chest pain since this morning",
  "Slept badly. Chest pain though.",
  "I could barely breathe and my heart was racing on the treadmill",
];

const harmlessExamples = [
  "I'm dying laughing at this meme",
  "This workout is killing me",
  "My legs are killing me after leg day",
  "I killed it at the gym today",
  "Killing it with my step count this week",
  "She is a very skilled climber",
  "Sticking to my diet this week",
  "I want to finish this dieting phase",
  "I'm a die-hard fan of morning runs",
  "Die Hard is my favourite Christmas movie",
  "I do not have chest pain",
  "No chest pain today, just sore legs",
  "I haven’t passed out once since I started eating breakfast",
  "I've never fainted, even in the heat",
  "Felt great, no dizziness and no trouble breathing",
  "My doctor said there's no sign of a heart attack risk",
  "New deadlift PR this morning!",
  "My phone died halfway through the run",
  "I could kill for a pizza right now",
  "I'm dead tired after the night shift",
  "Killer session, I'm dead on my feet",
  "That chocolate cake was to die for",
  "I'm dying to try the new yoga class",
  "Just killing time before my swim",
  "Coach had us do suicide sprints, brutal",
  "I'm cutting myself some slack this week",
  "My kids nearly gave me a heart attack at the park",
  "I hurt my knee a bit on the run",
  "I hurt myself lifting, nothing serious",
  "Stroke rate on the rowing machine was 28",
  "Breathing exercises helped me relax",
  "Can't wait for my run tomorrow",
  "Walked 8000 steps and drank plenty of water",
  "Skipped dessert and hit the bench press",
  "I'm living my best life",
  "I hurt my knee",
  "killing it at the gym",
  "dying to try the new class",
  "I'm done with my workout",
  "Done with life admin for the week, finally",
  "I made myself a smoothie after dinner",
  "I took some pills for my headache",
  "The ball hit me on the head at practice",
  "",
];

describe("screenText", () => {
  it.each(crisisExamples)("flags crisis: %s", (text) => {
    expect(screenText(text, lexicon).concern).toBe("crisis");
  });

  it.each(medicalExamples)("flags medical: %s", (text) => {
    expect(screenText(text, lexicon).concern).toBe("medical");
  });

  it.each(harmlessExamples)("lets through: %s", (text) => {
    expect(screenText(text, lexicon)).toEqual({ concern: null, matched: null });
  });

  it("reports the lexicon phrase that matched", () => {
    expect(screenText("I can’t breathe", lexicon)).toEqual({ concern: "medical", matched: "can't breathe" });
    expect(screenText("Crisis wins: chest pain and kms", lexicon)).toEqual({ concern: "crisis", matched: "kms" });
  });

  it("has enough examples to be meaningful", () => {
    expect(crisisExamples.length).toBeGreaterThanOrEqual(30);
    expect(medicalExamples.length).toBeGreaterThanOrEqual(12);
    expect(harmlessExamples.length).toBeGreaterThanOrEqual(30);
  });
});

describe("normaliseForScreening", () => {
  it("treats curly, straight and missing apostrophes alike", () => {
    const straight = normaliseForScreening("I don't want to live");
    expect(normaliseForScreening("I don’t want to live")).toBe(straight);
    expect(normaliseForScreening("I donʼt want to live")).toBe(straight);
    expect(normaliseForScreening("I dont want to live")).toBe(straight);
    expect(straight).toBe("i do not want to live");
  });

  it("lower-cases, strips punctuation and collapses whitespace", () => {
    expect(normaliseForScreening("  I CAN'T   breathe!!\n“Help”  ")).toBe("i cannot breathe help");
    expect(normaliseForScreening("self-harm")).toBe("self harm");
  });

  it("leaves no lexicon entry empty after normalisation", () => {
    const all = [...lexicon.crisis, ...lexicon.medical, ...lexicon.idioms, ...lexicon.negations];
    expect(all.filter((phrase) => normaliseForScreening(phrase) === "")).toEqual([]);
  });
});
