/**
 * What `npm start` does to the database before serving: loads the curated dataset into a database that has none
 * (unless ATLAS_AUTO_SEED=off), and warns when seed/data holds a newer version than the database.
 */
import type { Logger } from "pino";
import type { Database } from "../server/core/db.ts";
import { datasetMeta, readDataset } from "./dataset.ts";
import { CURATED, loadDataset } from "./load.ts";
import { DATA_DIR } from "./paths.ts";

export async function seedIfEmpty(db: Database, logger: Logger): Promise<void> {
  const [{ entities } = { entities: 0 }] = await db.readRows<{ entities: number }>("seed/counts", {
    dataset: CURATED,
  });
  // ATLAS_AUTO_SEED=off leaves an empty database (or one holding only other datasets) as it is.
  if (entities === 0 && process.env.ATLAS_AUTO_SEED !== "off") {
    logger.info("database has no curated data: loading seed/data");
    const result = await loadDataset(db, readDataset(DATA_DIR));
    logger.info(result, "curated dataset loaded");
  } else if (entities > 0) {
    // A newer curated dataset in seed/data is not loaded over the database's (which may hold edits): say so.
    const loaded = (await db.readRows<{ id: string; version: string }>("meta/datasets")).find((d) => d.id === CURATED);
    const files = datasetMeta(DATA_DIR).version;
    if (loaded && loaded.version !== files) {
      logger.warn(
        `the database holds curated dataset ${loaded.version}, seed/data holds ${files}: npm run seed loads the files`,
      );
    }
  }
}
