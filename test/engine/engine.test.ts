import { openDatabase } from "../../src/store/database.js";
import { engineContract } from "./engine.contract.js";

engineContract("PGlite (in memory)", () => openDatabase({ kind: "pglite", dataDir: "memory" }));
