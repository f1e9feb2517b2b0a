// Journeys as tests: run `coach rehearse` on a journey (YAML text or a file under
// test/journeys/) and read its transcript back as messages.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli/program.js";

export interface Rehearsal {
  code: number;
  stdout: string;
  stderr: string;
  /** The transcript, one entry per message (further lines joined with "\n", indentation removed). */
  messages: TranscriptMessage[];
}

export interface TranscriptMessage {
  at: string;
  who: string;
  text: string;
}

export const JOURNEYS = path.resolve("test/journeys");

/** Rehearses a journey given as YAML text (written to a temporary file first). */
export async function rehearse(journeyYaml: string, opts: { flows?: string } = {}): Promise<Rehearsal> {
  const dir = mkdtempSync(path.join(tmpdir(), "coach-journey-"));
  try {
    const file = path.join(dir, "journey.yaml");
    writeFileSync(file, journeyYaml);
    return await rehearseFile(file, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rehearses a journey file, in this process, exactly as `coach rehearse <file>` does. */
export async function rehearseFile(file: string, opts: { flows?: string } = {}): Promise<Rehearsal> {
  const capture = () => {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  };
  const out = capture();
  const err = capture();
  const args = ["rehearse", file, ...(opts.flows ? ["--flows", opts.flows] : [])];
  // No DATA_DIR or DATABASE_URL from the test's environment can matter: rehearsal ignores both.
  const code = await runCli(args, { out: out.stream, err: err.stream, env: { PATH: process.env.PATH ?? "" } });
  return { code, stdout: out.text(), stderr: err.text(), messages: parseTranscript(out.text()) };
}

const MESSAGE_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z) (client|coach|bot>client|bot>coach|bot>team): (.*)$/;

export function parseTranscript(stdout: string): TranscriptMessage[] {
  const messages: TranscriptMessage[] = [];
  for (const line of stdout.split("\n")) {
    const match = MESSAGE_LINE.exec(line);
    if (match) messages.push({ at: match[1]!, who: match[2]!, text: match[3]! });
    else if (messages.length > 0 && (line.startsWith("  ") || line === "")) messages.at(-1)!.text += `\n${line.slice(2)}`;
    else if (line !== "") throw new Error(`not a transcript line: ${JSON.stringify(line)}`);
  }
  for (const m of messages) m.text = m.text.replace(/\n+$/, "");
  return messages;
}
