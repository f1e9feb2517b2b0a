// Several wordings of one message, so a client doesn't read the same sentence every week.
// The pick is a pure function of a seed (the client and the conversation), so the same journey
// always gives the same transcript.

/** FNV-1a: small, fast and stable across runs and platforms. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function pickVariant(variants: readonly string[], seed: string): string {
  if (variants.length === 0) throw new Error("pickVariant needs at least one variant");
  return variants[hash(seed) % variants.length]!;
}
