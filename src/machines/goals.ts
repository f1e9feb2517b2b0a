// The client's own commands about their goals and focus area: /goals (numbered), /goals done <n>,
// /goals drop <n>, /focus <area>. Pure functions of (context, arguments, time); the machine
// applies the result. Goals are not changed under an open conversation, whose questions may be
// about them.
import { type Catalog, findDomain } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import { type ClientContext, conversationVars, info, type MachineEnv } from "./client-context.js";
import { currentPrompt } from "./conversation.js";
import { type ClientEffect, effect } from "./effects.js";
import { retireGoals } from "./finish.js";

export interface CommandResult {
  context: Partial<ClientContext>;
  effects: ClientEffect[];
}

const say = (id: string, text: string, c: ClientContext, env: MachineEnv): ClientEffect =>
  effect("say", { prompts: [info(id, text), ...(c.conversation ? [currentPrompt(env.catalog, c.conversation, conversationVars(c))] : [])] });

/** The weekly goals, numbered as the goal commands take them, with their area and last result. */
export function goalsText(catalog: Catalog, context: ClientContext): string {
  const m = catalog.messages;
  const g = catalog.program.goals;
  const name = context.name ?? "there";
  const several = new Set(context.goals.map((goal) => goal.domain)).size > 1;
  const weekly = context.goals.length
    ? [
        fillTemplate(g.header, { name }),
        ...context.goals.map((goal, i) =>
          fillTemplate(g.line, {
            number: i + 1,
            goal: goal.text,
            // The area is named once goals span several areas.
            area: several && goal.domain ? fillTemplate(g.area, { area: findDomain(catalog, goal.domain)?.label.toLowerCase() ?? goal.domain }) : "",
            last: goal.lastPercent === null ? "" : fillTemplate(m.goalsLast, { percent: goal.lastPercent }),
          }),
        ),
        g.hint,
      ]
    : [m.goalsEmpty];
  const threeMonth = context.threeMonthGoals.length ? ["", m.threeMonthHeader, ...context.threeMonthGoals.map((t) => `  - ${t.text}`)] : [];
  return [...weekly, ...threeMonth].join("\n");
}

const DONE_WORDS = new Set(["done", "finished", "complete", "completed", "achieved"]);
const DROP_WORDS = new Set(["drop", "dropped", "remove", "delete", "stop"]);

/** `/goals done 2` or `/goals drop 2`: the goal leaves the weekly list, recorded as done or dropped. */
export function changeGoal(env: MachineEnv, c: ClientContext, args: string[]): CommandResult {
  const g = env.catalog.program.goals;
  const name = c.name ?? "there";
  if (c.conversation) return { context: {}, effects: [say("goal-busy", g.busy, c, env)] };
  const [word = "", numberText = ""] = args.map((a) => a.trim().toLowerCase());
  const status = DONE_WORDS.has(word) ? "done" : DROP_WORDS.has(word) ? "dropped" : null;
  if (!status) return { context: {}, effects: [say("goal-usage", g.badAction, c, env)] };
  const number = Number(numberText.replace(/^#/, ""));
  const goal = Number.isInteger(number) ? c.goals[number - 1] : undefined;
  if (!goal) return { context: {}, effects: [say("goal-unknown", fillTemplate(g.unknownGoal, { number: numberText || "?" }), c, env)] };
  const retired = retireGoals(c, [{ goal, status }]);
  const text = fillTemplate(status === "done" ? g.done : g.dropped, { name, goal: goal.text });
  return { context: retired.context, effects: [...retired.effects, say(`goal-${status}`, text, c, env)] };
}

/** `/focus sleep`: the area the program works on (goal setting, check-ins, lapse) moves there. */
export function changeFocus(env: MachineEnv, c: ClientContext, args: string[]): CommandResult {
  const { catalog } = env;
  const f = catalog.program.focus;
  const name = c.name ?? "there";
  const areas = catalog.domains.map((d) => d.label).join(", ");
  if (c.conversation) return { context: {}, effects: [say("focus-busy", catalog.program.goals.busy, c, env)] };
  const given = args.join(" ").trim().toLowerCase();
  if (!given) return { context: {}, effects: [say("focus-usage", fillTemplate(f.usage, { areas }), c, env)] };
  const area = catalog.domains.find((d) => d.key.toLowerCase() === given || d.label.toLowerCase() === given);
  if (!area) return { context: {}, effects: [say("focus-unknown", fillTemplate(f.unknown, { area: given, areas }), c, env)] };
  const domain = area.label.toLowerCase();
  if (c.focusDomain === area.key) return { context: {}, effects: [say("focus-same", fillTemplate(f.same, { name, domain: area.label }), c, env)] };
  const lines = [fillTemplate(f.changed, { name, domain }), ...(c.domains[area.key] ? [] : [fillTemplate(f.notStagedYet, { domain })])];
  return { context: { focusDomain: area.key }, effects: [say("focus-changed", lines.join(" "), c, env)] };
}
