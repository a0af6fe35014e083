/** Where the curated dataset lives (ATLAS_SEED_DIR points the loader and the tests at another copy). */
import path from "node:path";
import { ROOT } from "../db/local.ts";

export const DATA_DIR = process.env.ATLAS_SEED_DIR
  ? path.resolve(process.env.ATLAS_SEED_DIR)
  : path.join(ROOT, "seed", "data");

/**
 * Ties (and the records only they tie) that rest on news reports alone, waiting for a primary page before they join
 * the dataset: beside the dataset's folder, never loaded (DATA.md, "Waiting for a primary page").
 */
export const REVIEW_DIR = path.join(path.dirname(DATA_DIR), "review");
