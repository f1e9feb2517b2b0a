// The catalog as the bot loads it at start: parsing and validating flows/*.yaml is the largest
// piece of start-up CPU (about 0.7 s of 2.4 s to the first prompt, measured), and its result
// changes only when a flow file or the loader does. So the validated catalog is kept as JSON
// under a name hashed from both, and read back on the next start. An edited file gets a new
// name, so it is parsed and validated again (and a bad one stops start-up as before); a cache
// that cannot be read or written is simply not used.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Catalog, SCRIPT_IDS } from "../domain/catalog.js";
import { DEFAULT_FLOWS_DIR, loadCatalog } from "./loader.js";

/** Beside the installed packages, where build tools keep theirs: owned by whoever owns the code. */
export const DEFAULT_CATALOG_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/stagewise-coach/", import.meta.url));

export function loadCatalogCached(dir: string = DEFAULT_FLOWS_DIR, cacheDir: string = DEFAULT_CATALOG_CACHE_DIR): Catalog {
  const key = cacheKey(dir);
  const file = key ? path.join(cacheDir, `catalog-${key}.json`) : undefined;
  if (file) {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as Catalog;
    } catch {
      // Not cached yet (or unreadable): load it the long way below.
    }
  }
  const catalog = loadCatalog(dir);
  if (file) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      // Written whole under a temporary name first: another instance starting now reads all or nothing.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(catalog));
      renameSync(partial, file);
    } catch {
      // A read-only install: every start parses the flows, as it always did.
    }
  }
  return catalog;
}

/** A hash of every flow file and of the code that turns them into a catalog; undefined when a file cannot be read. */
function cacheKey(dir: string): string | undefined {
  const hash = createHash("sha256");
  const ext = path.extname(fileURLToPath(import.meta.url));
  try {
    for (const code of ["./loader", "./schema"]) hash.update(readFileSync(new URL(`${code}${ext}`, import.meta.url)));
    hash.update(JSON.stringify(SCRIPT_IDS));
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith(".yaml"))
      .sort()) {
      hash.update(`\u0000${name}\u0000`);
      hash.update(readFileSync(path.join(dir, name)));
    }
  } catch {
    return undefined;
  }
  return hash.digest("hex").slice(0, 32);
}
