/**
 * Configuration, read from the environment once at boot and validated: a bad value stops start-up with a message
 * naming the variable.
 */
import { z } from "zod";

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const list = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const ConfigSchema = z.object({
  PORT: int(3000, 0),
  HOST: z.string().default("127.0.0.1"),
  NEO4J_URI: z.string().optional(),
  NEO4J_USERNAME: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().default("neo4j"),
  /** Driver pool and timeouts: small enough that a lost database is reported within two seconds. */
  NEO4J_MAX_POOL_SIZE: int(100, 1),
  NEO4J_ACQUISITION_TIMEOUT_MS: int(2000, 100),
  NEO4J_CONNECTION_TIMEOUT_MS: int(1500, 100),
  NEO4J_RETRY_TIME_MS: int(500, 0),
  /** Upper bound for every API query's transaction. */
  QUERY_TIMEOUT_MS: int(15000, 100),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The Cypher console: `open` to everyone who can read, `token` for signed-in users (CONSOLE_TOKEN is one such credential, role viewer), or `off`. */
  CONSOLE_MODE: z.enum(["open", "token", "off"]).default("open"),
  /** The bearer token the console asks for when CONSOLE_MODE is `token` (at least 16 characters). */
  CONSOLE_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Console and query-library limits: transaction timeout, rows returned, nodes in the result graph. */
  CYPHER_TIMEOUT_MS: int(10000, 100),
  CYPHER_MAX_ROWS: int(1000, 1),
  CYPHER_MAX_NODES: int(5000, 1),
  /**
   * Heavy requests that run at once in each of two lanes, network views (graphs, neighbourhoods, paths) and
   * computations (analytics, exports, library queries, imports); more wait in a queue of HEAVY_QUEUE places for up
   * to HEAVY_WAIT_MS, then get a 503. Light requests (search, node details, health) never wait behind them.
   */
  HEAVY_CONCURRENCY: int(2, 1),
  HEAVY_QUEUE: int(64, 0),
  HEAVY_WAIT_MS: int(15000, 100),
  /** Console queries that run at once (each holds its place until the database has finished with it). */
  CONSOLE_CONCURRENCY: int(1, 1),
  CONSOLE_QUEUE: int(8, 0),
  /** Requests per minute per client on the expensive endpoints (console, query library). */
  RATE_LIMIT_PER_MINUTE: int(120, 1),
  /**
   * Users who may sign in: comma-separated `name:role:secret` (role viewer, editor or admin; secret at least 16
   * characters). EDITOR_TOKEN and ADMIN_TOKEN add a user named `editor` or `admin` with that secret.
   */
  ATLAS_USERS: z.string().default(""),
  EDITOR_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Key that signs session tokens (at least 32 characters); random per process when unset. */
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** How long a session token from POST /api/auth/sign-in lasts. */
  SESSION_TTL_MINUTES: int(480, 1),
  /** `open`: anyone may read; `signed-in`: every API call but health and sign-in needs a signed-in user. */
  READ_ACCESS: z.enum(["open", "signed-in"]).default("open"),
  /** Largest upload POST /api/import accepts (bytes, all files together). */
  IMPORT_MAX_BYTES: int(50 * 1024 * 1024, 1024),
  /** Imports with more nodes plus edges than this are staged in short transactions and promoted at once. */
  IMPORT_SINGLE_TX_MAX: int(100_000, 1),
  /** Where computed layouts are kept between restarts (one file per network content); `off` keeps none. Default:
   * `.atlas/layout-cache` in the project. */
  LAYOUT_CACHE_DIR: z.string().optional(),
  /**
   * Which proxies may set X-Forwarded-For (and so the client address that rate limits count): `false` (the
   * default: none, the socket's address counts), a hop count, or addresses and subnets such as `loopback` or
   * `10.0.0.1, 10.0.0.2`. Set it only when a reverse proxy in front of the app overwrites the header.
   */
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v): boolean | number | string => {
      const t = v.trim();
      if (t === "" || t === "false" || t === "off") return false;
      if (/^\d+$/.test(t)) return Number(t);
      return t;
    }),
  /** Failed sign-ins allowed per client address and minute. */
  SIGN_IN_ATTEMPTS_PER_MINUTE: int(10, 1),
  /** How long an export waits for the layout before it goes without positions (saying why in its metadata). */
  EXPORT_LAYOUT_WAIT_MS: int(15000, 0),
  /**
   * Writes on start. `auto`: the schema, and the curated dataset into an empty database, only on the project's own
   * local Neo4j (an external NEO4J_URI is never written to unasked: `npm run seed` loads it); `on`: also on an
   * external one; `off`: never loads the dataset (the local Neo4j still gets the schema).
   */
  ATLAS_AUTO_SEED: z.enum(["auto", "on", "off"]).default("auto"),
  /** Longest database read of an analysis (ms). */
  ANALYTICS_TIMEOUT_MS: int(60_000, 100),
  /** Worker threads for layouts and analyses; default: the machine's parallelism. */
  ATLAS_WORKER_THREADS: z.coerce.number().int().min(1).optional(),
  /** `off` starts the local Neo4j without the Graph Data Science plugin. */
  ATLAS_NEO4J_GDS: z.enum(["on", "off"]).default("on"),
  /** Origins allowed to call the API from a browser; empty means same-origin only. */
  CORS_ORIGINS: list,
});

export type Config = z.infer<typeof ConfigSchema>;

/** One validated setting, for code that runs before (or without) the whole configuration. */
export function setting<K extends keyof Config>(name: K, env: NodeJS.ProcessEnv = process.env): Config[K] {
  const parsed = ConfigSchema.shape[name].safeParse(env[name]);
  if (!parsed.success) throw new Error(`config: ${name}: ${parsed.error.issues[0]!.message}`);
  return parsed.data as Config[K];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`config: ${String(issue.path[0])}: ${issue.message}`);
  }
  if (parsed.data.CONSOLE_MODE === "token" && !parsed.data.CONSOLE_TOKEN && !parsed.data.ATLAS_USERS) {
    throw new Error("config: CONSOLE_TOKEN: must be set (or ATLAS_USERS configured) when CONSOLE_MODE is token");
  }
  return parsed.data;
}
