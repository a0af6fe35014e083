/**
 * What `npm start` does to the database before serving, once start-up writes are allowed (server/main.ts): loads
 * the curated dataset into a database that has none (unless ATLAS_AUTO_SEED=off), saying what it writes as it goes,
 * and warns when seed/data holds a newer version than the database.
 */
import type { Logger } from "pino";
import type { Database } from "../server/core/db.ts";
import { datasetMeta, readDataset } from "./dataset.ts";
import { CURATED, loadDataset } from "./load.ts";
import { DATA_DIR } from "./paths.ts";

export async function seedIfEmpty(db: Database, logger: Logger, options: { load: boolean }): Promise<void> {
  const [{ entities } = { entities: 0 }] = await db.readRows<{ entities: number }>("seed/counts", {
    dataset: CURATED,
  });
  if (entities === 0 && options.load) {
    logger.info("the database has no curated data: loading seed/data…");
    const result = await loadDataset(db, readDataset(DATA_DIR), { onProgress: (step) => logger.info(`seed: ${step}`) });
    logger.info(result, "curated dataset loaded");
  } else if (entities === 0) {
    logger.warn("the database holds no curated data: npm run seed loads it");
  } else {
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
