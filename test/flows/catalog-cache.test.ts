// The start-up cache of the validated catalog: the same catalog as a fresh load, read back on
// the next start, never stale after a flow file changes, and a bad file still stops start-up.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalogCached } from "../../src/flows/catalog-cache.js";
import { DEFAULT_FLOWS_DIR, FlowFileError, loadCatalog } from "../../src/flows/loader.js";

function copyOfFlows(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "flows-")), "flows");
  cpSync(DEFAULT_FLOWS_DIR, dir, { recursive: true });
  return dir;
}

describe("the catalog cache", () => {
  it("gives the same catalog as a fresh load, and reads it back from the cache on the next start", () => {
    const flows = copyOfFlows();
    const cache = mkdtempSync(path.join(tmpdir(), "catalog-cache-"));
    const fresh = loadCatalog(flows);
    expect(loadCatalogCached(flows, cache)).toEqual(fresh);
    const [cached] = readdirSync(cache);
    expect(cached).toMatch(/^catalog-[0-9a-f]{32}\.json$/);
    // Proof that the second load came from the cache: a marker planted in the cached file shows up.
    const file = path.join(cache, cached!);
    const planted = JSON.parse(readFileSync(file, "utf8"));
    planted.messages.unreachableCoachNote = "from the cache";
    writeFileSync(file, JSON.stringify(planted));
    expect(loadCatalogCached(flows, cache).messages.unreachableCoachNote).toBe("from the cache");
  });

  it("loads an edited flow file afresh instead of an older cached catalog", () => {
    const flows = copyOfFlows();
    const cache = mkdtempSync(path.join(tmpdir(), "catalog-cache-"));
    const before = loadCatalogCached(flows, cache);
    const file = path.join(flows, "messages.yaml");
    const source = readFileSync(file, "utf8");
    const line = source.split("\n").find((l) => /^[a-zA-Z]+: .+/.test(l))!;
    const key = line.split(":")[0]!;
    writeFileSync(file, source.replace(line, `${key}: Edited wording`));
    const after = loadCatalogCached(flows, cache);
    expect((after.messages as unknown as Record<string, unknown>)[key]).toBe("Edited wording");
    expect((before.messages as unknown as Record<string, unknown>)[key]).not.toBe("Edited wording");
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it("still stops on a bad flow file, with its file and line", () => {
    const flows = copyOfFlows();
    const cache = mkdtempSync(path.join(tmpdir(), "catalog-cache-"));
    loadCatalogCached(flows, cache);
    writeFileSync(path.join(flows, "domains.yaml"), "domains: [unclosed\n");
    expect(() => loadCatalogCached(flows, cache)).toThrow(FlowFileError);
    expect(() => loadCatalogCached(flows, cache)).toThrow(/domains\.yaml:\d+/);
  });

  it("works without a usable cache folder", () => {
    const flows = copyOfFlows();
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), "catalog-cache-")), "file");
    writeFileSync(notAFolder, "");
    expect(loadCatalogCached(flows, notAFolder)).toEqual(loadCatalog(flows));
  });
});
