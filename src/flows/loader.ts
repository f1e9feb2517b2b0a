// Loads flows/*.yaml into a Catalog. Any problem stops start-up with file, line and field.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { BehaviorDomainDef, Catalog } from "../domain/catalog.js";
import { SCRIPT_IDS } from "../domain/catalog.js";
import type { PromptInput } from "../domain/prompt.js";
import type { ConversationScript } from "../domain/script.js";
import {
  coachingFileSchema,
  digestFileSchema,
  domainsFileSchema,
  messagesFileSchema,
  programFileSchema,
  safetyFileSchema,
  scriptFileSchema,
  sessionFileSchema,
  teamCheckinFileSchema,
} from "./schema.js";

export const DEFAULT_FLOWS_DIR = fileURLToPath(new URL("../../flows/", import.meta.url));

export class FlowFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}:${line}: ${field ? `${field}: ` : ""}${problem}`);
    this.name = "FlowFileError";
  }
}

/** Parses and validates one YAML file; errors point at the line of the offending field. */
export function readFlowFile<S extends z.ZodType>(dir: string, name: string, schema: S): z.output<S> {
  return readYamlFile(path.join(dir, name), path.join(path.basename(dir), name), schema);
}

/**
 * Parses and validates any YAML file the same way (flows, rehearsal journeys); errors name
 * `shownName`, the line of the offending field, and the field.
 */
export function readYamlFile<S extends z.ZodType>(file: string, shownName: string, schema: S): z.output<S> {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    throw new FlowFileError(shownName, 0, "", "file is missing or unreadable");
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new FlowFileError(shownName, line, "", yamlError.message.split("\n")[0] ?? "invalid YAML");
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const fieldPath = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  // An unknown key is reported on its own line, not on the line of the object holding it.
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) fieldPath.push(issue.keys[0]);
  return failAt(shownName, doc, lineCounter, fieldPath, issue.message);
}

function failAt(file: string, doc: ReturnType<typeof parseDocument>, lines: LineCounter, fieldPath: (string | number)[], message: string): never {
  // A missing field has no node: point at the nearest parent that exists.
  for (let depth = fieldPath.length; depth >= 0; depth--) {
    const node = doc.getIn(fieldPath.slice(0, depth), true);
    if (isNode(node) && node.range) {
      throw new FlowFileError(file, lines.linePos(node.range[0]).line, formatPath(fieldPath), message);
    }
  }
  throw new FlowFileError(file, 1, formatPath(fieldPath), message);
}

function formatPath(p: (string | number)[]): string {
  return p.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

export function loadCatalog(dir: string = DEFAULT_FLOWS_DIR): Catalog {
  const { domains } = readFlowFile(dir, "domains.yaml", domainsFileSchema);
  const messages = withVariants(readFlowFile(dir, "messages.yaml", messagesFileSchema));
  const scripts = Object.fromEntries(SCRIPT_IDS.map((id) => [id, loadScript(dir, `${id}.yaml`, id, domains)])) as Catalog["scripts"];
  const safety = readFlowFile(dir, "safety.yaml", safetyFileSchema);
  const rules = readFlowFile(dir, "coaching.yaml", coachingFileSchema);
  const session = readFlowFile(dir, "session.yaml", sessionFileSchema);
  const digest = readFlowFile(dir, "digest.yaml", digestFileSchema);
  const team = readFlowFile(dir, "team_checkin.yaml", teamCheckinFileSchema);
  const program = readFlowFile(dir, "program.yaml", programFileSchema);
  return {
    team,
    program,
    session,
    digest,
    domains,
    messages,
    scripts,
    rules,
    safety: {
      lexicon: { crisis: safety.crisis.phrases, medical: safety.medical.phrases, idioms: safety.idioms.phrases, negations: safety.negations },
      responses: safety.responses,
      resources: safety.resources,
      emergencyResources: safety.emergencyResources,
    },
  };
}

/** Messages with several wordings keep the first under their key and all of them in `variants`. */
function withVariants(parsed: z.output<typeof messagesFileSchema>): Catalog["messages"] {
  const variants: Catalog["messages"]["variants"] = {};
  const plain = Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => {
      if (!Array.isArray(v)) return [k, v];
      variants[k as keyof typeof variants] = v;
      return [k, v[0]];
    }),
  );
  return { ...(plain as Omit<Catalog["messages"], "variants">), variants };
}

function loadScript(dir: string, name: string, expectedId: string, domains: BehaviorDomainDef[]): ConversationScript {
  const script = readFlowFile(dir, name, scriptFileSchema);
  if (script.id !== expectedId) {
    throw new FlowFileError(path.join(path.basename(dir), name), 1, "id", `must be "${expectedId}" to match the file name`);
  }
  return {
    id: script.id,
    steps: script.steps.map(({ input, ask, reflect, ...step }) => ({
      ...step,
      ask: Array.isArray(ask) ? ask[0]! : ask,
      ...(Array.isArray(ask) && ask.length > 1 ? { askVariants: ask } : {}),
      ...(reflect ? { reflect: Array.isArray(reflect) ? reflect : [reflect] } : {}),
      input: resolveInput(input, domains),
    })),
  };
}

function resolveInput(input: z.output<typeof scriptFileSchema>["steps"][number]["input"], domains: BehaviorDomainDef[]): PromptInput {
  if (input.kind === "choice" && "from" in input) {
    return { kind: "choice", options: domains.map((d) => ({ value: d.key, label: d.label })) };
  }
  return input as PromptInput;
}
