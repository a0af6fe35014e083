/**
 * The server as `npm start` and `npm run dev` run it: the curated dataset is loaded into an empty database before
 * serving (seed/on-start.ts). Running server/main.ts directly serves the database as it is.
 */
import { seedIfEmpty } from "../seed/on-start.ts";
import { main } from "../server/main.ts";

export const serve = () => main({ prepare: seedIfEmpty });

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  serve().catch((e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
