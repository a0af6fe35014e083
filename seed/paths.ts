/** Where the curated dataset lives (ATLAS_SEED_DIR points the loader and the tests at another copy). */
import path from "node:path";
import { ROOT } from "../db/local.ts";

export const DATA_DIR = process.env.ATLAS_SEED_DIR
  ? path.resolve(process.env.ATLAS_SEED_DIR)
  : path.join(ROOT, "seed", "data");
