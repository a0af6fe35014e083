/** Where the curated dataset lives. */
import path from "node:path";
import { ROOT } from "../db/local.ts";

export const DATA_DIR = path.join(ROOT, "seed", "data");
