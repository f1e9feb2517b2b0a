// The kinds of argument a command takes, each with its zod schema. Parsers (typed text, Discord
// options) produce raw values; the schema checks them once, for every platform.
import { z } from "zod";
import type { Catalog } from "../domain/catalog.js";
import type { ChannelArg, PersonArg } from "./types.js";

export type OptionSpec =
  | { kind: "person"; name: string; description: string; required: boolean }
  | { kind: "integer"; name: string; description: string; required: boolean; min: number; max: number }
  | { kind: "text"; name: string; description: string; required: boolean; maxLength: number }
  /** One of the catalog's behavior domains, by key or label. */
  | { kind: "area"; name: string; description: string; required: boolean }
  | { kind: "channel"; name: string; description: string; required: boolean };

const person = z.object({ platformUserId: z.string().min(1), displayName: z.string().optional(), bot: z.boolean().optional() });
const channel = z.object({ channelId: z.string().min(1), name: z.string().optional() });

export function optionSchema(option: OptionSpec): z.ZodType {
  switch (option.kind) {
    case "person":
      return person;
    case "channel":
      return channel;
    case "integer":
      return z.coerce.number().int().min(option.min).max(option.max);
    case "text":
      return z.string().trim().min(1).max(option.maxLength);
    case "area":
      return z.string().trim().min(1).max(100);
  }
}

/** The arguments schema of a command: each option's schema, optional ones may be absent. */
export function argsSchema(options: readonly OptionSpec[]): z.ZodObject {
  return z.object(Object.fromEntries(options.map((o) => [o.name, o.required ? optionSchema(o) : optionSchema(o).optional()])));
}

/** Checked arguments, read by name with their kind's type. */
export class Args {
  constructor(private readonly values: Record<string, unknown>) {}
  person(name: string): PersonArg | undefined {
    return this.values[name] as PersonArg | undefined;
  }
  channel(name: string): ChannelArg | undefined {
    return this.values[name] as ChannelArg | undefined;
  }
  integer(name: string): number | undefined {
    return this.values[name] as number | undefined;
  }
  text(name: string): string | undefined {
    return this.values[name] as string | undefined;
  }
}

/** The catalog's domain named by key or label (case-insensitive), or null. */
export function findArea(catalog: Catalog, given: string): { key: string; label: string } | null {
  const wanted = given.trim().toLowerCase();
  return catalog.domains.find((d) => d.key.toLowerCase() === wanted || d.label.toLowerCase() === wanted) ?? null;
}
