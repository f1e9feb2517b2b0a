// Layer rules of ../shared/DESIGN.md ("Layers"), checked by `npm run lint:deps`.
// A layer imports only the layers listed before it; folders on one line share a rank and may
// import each other (cycles aside). clock.ts and log.ts sit below every layer.
/** @type {string[][]} lowest first; each entry a folder (or top-level file) under src/ */
const LAYERS = [
  ["domain"],
  ["machines"],
  ["flows"],
  ["store", "generated"],
  ["engine"],
  ["scheduler", "outbox"],
  ["coach", "teams"],
  ["dashboard"],
  ["interactions"],
  ["http"],
  ["platforms"],
  ["core.ts", "config.ts", "main.ts", "cli.ts", "cli", "rehearsal"],
];

const path = (names) => `^src/(${names.map((n) => n.replace(".", "\\.")).join("|")})(/|$)`;

const layerRules = LAYERS.slice(0, -1).map((rank, i) => ({
  name: `layer-${rank.join("-")}`,
  comment: `${rank.join(" and ")} may import only the layers below it (DESIGN.md, Layers)`,
  severity: "error",
  from: { path: path(rank) },
  to: { path: path(LAYERS.slice(i + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "foundation-imports-no-layer",
      comment: "clock.ts and log.ts are used by every layer, so they import none",
      severity: "error",
      from: { path: "^src/(clock|log)\\.ts$" },
      to: { path: path(LAYERS.flat()) },
    },
    {
      name: "no-prisma-in-pure-layers-or-adapters",
      comment: "domain, machines and platform adapters never touch Prisma: database reads go through src/store (DESIGN.md layers 1, 2, 9)",
      severity: "error",
      from: { path: "^src/(domain|machines|platforms)/" },
      to: { path: ["^node_modules/@prisma/", "^node_modules/\\.prisma/", "^src/generated/", "^src/store/database\\.ts$"] },
    },
    {
      name: "adapters-reach-coach-features-through-interactions",
      comment: "a coach feature is written once in src/interactions; adapters only receive and render (DESIGN.md layer 9)",
      severity: "error",
      from: { path: "^src/platforms/" },
      to: { path: "^src/coach/" },
    },
    {
      name: "no-circular",
      comment: "an import cycle means two modules are one, or one belongs in a lower layer",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-not-to-tests",
      comment: "the shipped code never depends on tests, their stand-ins or the benchmark",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "src-not-to-dev-deps",
      comment: "devDependencies are not installed with --omit=dev; src may import only dependencies",
      severity: "error",
      from: { path: "^src/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "not-to-unresolvable",
      comment: "an import that resolves to nothing fails at run time",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Imports into Prisma's generated client are checked; what it imports itself is Prisma's business.
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
