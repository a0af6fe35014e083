/**
 * The project's own local Neo4j Community 5.26: built from Maven Central on first use (db/pom.xml), run on the
 * machine's Java 17+ with Bolt on 127.0.0.1 only, data under the git-ignored `.atlas/` folder.
 *
 * Each instance is a folder (`home`) and a port; the main instance, the test instance and the synthetic-data
 * instance never share either. The password is generated on first start and kept in the instance folder.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  writeFileSync,
  rmSync,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setting } from "../server/core/config.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DB_DIR = path.join(ROOT, "db");
/** The git-ignored folder of local state: databases, logs, caches. */
export const ATLAS_DIR = path.join(ROOT, ".atlas");
const LIB_DIR = path.join(DB_DIR, "target", "lib");
const CLASSES_DIR = path.join(DB_DIR, "target", "classes");
const BUILT_STAMP = path.join(DB_DIR, "target", "atlas-launcher.built");
/** The Graph Data Science jars (also on the classpath): the plugins folder Neo4j scans for procedures. */
export const GDS_PLUGINS_DIR = path.join(DB_DIR, "target", "gds-plugins");
const MAIN_CLASS = "org.coalitionatlas.db.AtlasNeo4j";

export interface LocalInstance {
  /** Short name used in messages: "main", "test", "synthetic". */
  name: string;
  home: string;
  port: number;
  /** Java heap, e.g. "2g". */
  heap: string;
  /** Extra Neo4j settings, key=value. */
  conf?: Record<string, string>;
}

export interface Credentials {
  uri: string;
  username: string;
  password: string;
}

/**
 * The instances this project runs. Ports can be moved with ATLAS_NEO4J_PORT and friends; the test instance's folder
 * with ATLAS_TEST_NEO4J_HOME (two test runs side by side need two folders and two ports).
 */
export function instance(name: "main" | "test" | "synthetic"): LocalInstance {
  const env = process.env;
  switch (name) {
    case "main":
      // ATLAS_NEO4J_HEAP and ATLAS_NEO4J_TX_MEMORY raise the limits for large imports (each runs as one transaction).
      return {
        name,
        home: path.join(ROOT, ".atlas", "neo4j"),
        port: Number(env.ATLAS_NEO4J_PORT ?? 7687),
        heap: env.ATLAS_NEO4J_HEAP ?? "2g",
        conf: env.ATLAS_NEO4J_TX_MEMORY
          ? {
              "db.memory.transaction.max": env.ATLAS_NEO4J_TX_MEMORY,
              "db.memory.transaction.total.max": env.ATLAS_NEO4J_TX_MEMORY,
            }
          : {},
      };
    case "test":
      return {
        name,
        home: env.ATLAS_TEST_NEO4J_HOME ?? path.join(ROOT, ".atlas", "neo4j-test"),
        port: Number(env.ATLAS_TEST_NEO4J_PORT ?? 7697),
        heap: "1g",
        conf: { "server.memory.pagecache.size": "256m" },
      };
    case "synthetic":
      return {
        name,
        home: path.join(ROOT, ".atlas", "neo4j-synthetic"),
        port: Number(env.ATLAS_SYNTHETIC_NEO4J_PORT ?? 7707),
        // Room for a 1,000,000-relationship import in one transaction.
        heap: "8g",
        conf: {
          "server.memory.pagecache.size": "3g",
          "db.memory.transaction.max": "6g",
          "db.memory.transaction.total.max": "6g",
        },
      };
  }
}

export class LocalDbError extends Error {}

const log = (msg: string) => process.stderr.write(`atlas-db: ${msg}\n`);

/** Fails with a one-line message unless Java 17 or newer is on the PATH. */
export function checkJava(): void {
  const run = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (run.error) {
    throw new LocalDbError(
      "Java not found: install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless)",
    );
  }
  const m = /version "(\d+)/.exec(`${run.stderr}${run.stdout}`);
  const major = m ? Number(m[1]) : 0;
  if (major < 17) {
    throw new LocalDbError(`Java ${major || "?"} found, Neo4j 5.26 needs Java 17 or newer: install openjdk-17`);
  }
}

/** The newest modification time (ms) of the launcher's sources: its pom and everything under db/src. */
function sourcesChanged(): number {
  let newest = statSync(path.join(DB_DIR, "pom.xml")).mtimeMs;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(DB_DIR, "src"));
  return newest;
}

/** Builds the launcher (and fetches Neo4j) when it is missing, or older than its sources: an update that changes
 * the launcher's settings (its security defaults among them) takes effect at the next start, not never. */
export function ensureBuilt(): void {
  const launcher = path.join(CLASSES_DIR, "org", "coalitionatlas", "db", "AtlasNeo4j.class");
  const built = existsSync(launcher) && existsSync(LIB_DIR) && existsSync(GDS_PLUGINS_DIR);
  // A stamp written after each build (Maven leaves the classes alone when nothing needs compiling).
  if (built && existsSync(BUILT_STAMP) && statSync(BUILT_STAMP).mtimeMs >= sourcesChanged()) return;
  checkJava();
  log(
    built
      ? "the launcher's sources changed: building it again…"
      : "fetching Neo4j Community 5.26 and GDS from Maven Central and building the launcher (first run only)…",
  );
  try {
    const started = performance.now();
    execFileSync("mvn", ["-B", "-q", "-ntp", "package", "-DskipTests"], { cwd: DB_DIR, stdio: "inherit" });
    writeFileSync(BUILT_STAMP, `${new Date().toISOString()}\n`);
    log(`Neo4j and its launcher are ready (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") {
      throw new LocalDbError("Maven not found: install it (Debian: apt-get install maven), then run npm run db:start");
    }
    throw new LocalDbError(
      "fetching Neo4j from Maven Central failed: check network access to Maven Central, then run npm run db:start",
    );
  }
  log("Neo4j is built.");
}

const pidFile = (inst: LocalInstance) => path.join(inst.home, "atlas-neo4j.pid");
const logFile = (inst: LocalInstance) => path.join(inst.home, "atlas-neo4j.log");
const passwordFile = (inst: LocalInstance) => path.join(inst.home, "password");

/**
 * Makes a folder readable by its owner only (created if missing): the database files, logs and caches under
 * `.atlas/` hold the data of instances that may be private.
 */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** The credentials of a local instance (creating its password on first use). */
export function credentials(inst: LocalInstance): Credentials {
  // The project's .atlas folder as a whole, and each instance's home (which may live elsewhere), are private.
  if (path.resolve(inst.home).startsWith(ATLAS_DIR + path.sep)) privateDir(ATLAS_DIR);
  privateDir(inst.home);
  const file = passwordFile(inst);
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  return { uri: `bolt://127.0.0.1:${inst.port}`, username: "neo4j", password: readFileSync(file, "utf8").trim() };
}

function readPid(inst: LocalInstance): number | null {
  try {
    const pid = Number(readFileSync(pidFile(inst), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export type Status = { running: false } | { running: true; pid: number; uri: string };

export async function status(inst: LocalInstance): Promise<Status> {
  const pid = readPid(inst);
  if (pid && alive(pid) && (await portOpen(inst.port))) {
    return { running: true, pid, uri: `bolt://127.0.0.1:${inst.port}` };
  }
  return { running: false };
}

/** Starts the instance unless it already runs; resolves once Bolt accepts connections. */
export async function start(inst: LocalInstance, timeoutMs = 180_000): Promise<Credentials> {
  const creds = credentials(inst);
  const current = await status(inst);
  if (current.running) {
    return creds;
  }
  const stalePid = readPid(inst);
  if (stalePid && alive(stalePid)) {
    // Our process is alive but not yet listening: a start is under way elsewhere; wait for it below.
    log(`${inst.name}: waiting for the instance already starting (pid ${stalePid})…`);
  } else {
    if (await portOpen(inst.port)) {
      throw new LocalDbError(
        `port ${inst.port} is busy with another program: stop it, or set ATLAS_NEO4J_PORT to a free port`,
      );
    }
    checkJava();
    ensureBuilt();
    log(`${inst.name}: starting Neo4j on 127.0.0.1:${inst.port} (data in ${path.relative(ROOT, inst.home)})…`);
    const args = [`-Xmx${inst.heap}`, "-XX:+UseG1GC", "-cp", `${CLASSES_DIR}${path.delimiter}${LIB_DIR}/*`, MAIN_CLASS];
    args.push("--home", inst.home, "--port", String(inst.port));
    const conf = { ...inst.conf };
    // GDS procedures are found by scanning the plugins folder; ATLAS_NEO4J_GDS=off starts Neo4j without them.
    if (setting("ATLAS_NEO4J_GDS") !== "off") conf["server.directories.plugins"] = GDS_PLUGINS_DIR;
    for (const [k, v] of Object.entries(conf)) {
      args.push("--conf", `${k}=${v}`);
    }
    const out = openSync(logFile(inst), "w", 0o600);
    fchmodSync(out, 0o600);
    const child = spawn("java", args, {
      detached: true,
      stdio: ["ignore", out, out],
      env: { ...process.env, ATLAS_NEO4J_PASSWORD: creds.password },
    });
    closeSync(out);
    child.unref();
    writeFileSync(pidFile(inst), String(child.pid), { mode: 0o600 });
  }
  const pid = readPid(inst)!;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) {
      throw new LocalDbError(`${inst.name}: Neo4j exited while starting: ${lastLogLine(inst)}`);
    }
    if (readLog(inst).includes("READY bolt://")) {
      log(`${inst.name}: Neo4j is ready at ${creds.uri}`);
      return creds;
    }
    await sleep(250);
  }
  throw new LocalDbError(`${inst.name}: Neo4j did not start within ${timeoutMs / 1000}s: see ${logFile(inst)}`);
}

/** Stops the instance and waits until its process has exited. */
export async function stop(inst: LocalInstance, timeoutMs = 60_000): Promise<boolean> {
  const pid = readPid(inst);
  if (!pid || !alive(pid)) {
    rmSync(pidFile(inst), { force: true });
    return false;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, "SIGKILL");
      break;
    }
    await sleep(100);
  }
  rmSync(pidFile(inst), { force: true });
  return true;
}

function readLog(inst: LocalInstance): string {
  try {
    const fd = openSync(logFile(inst), "r");
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

function lastLogLine(inst: LocalInstance): string {
  const lines = readLog(inst)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const failure = lines.find((l) => l.startsWith("atlas-neo4j:"));
  return failure ?? lines.at(-1) ?? `no output; see ${logFile(inst)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs Neo4j's offline importer (`neo4j-admin database import full`, from the launcher's own jars) into a stopped
 * instance's default database, replacing it. `args` are the importer's options (files, delimiters). Resolves with the
 * importer's output; fails with its last lines.
 */
export function importOffline(inst: LocalInstance, args: string[], heap = "4g"): Promise<string> {
  ensureBuilt();
  checkJava();
  mkdirSync(inst.home, { recursive: true });
  // The importer reads the instance's configuration (the launcher writes it at each start; none yet is fine).
  const conf = path.join(inst.home, "neo4j.conf");
  if (!existsSync(conf))
    writeFileSync(conf, "# Written by atlas-neo4j's importer; the launcher rewrites it at start.\n");
  const javaArgs = [`-Xmx${heap}`, "-cp", `${CLASSES_DIR}${path.delimiter}${LIB_DIR}/*`, "org.neo4j.cli.AdminTool"];
  javaArgs.push("database", "import", "full", "neo4j", "--overwrite-destination=true", ...args);
  return new Promise((resolve, reject) => {
    const child = spawn("java", javaArgs, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEO4J_HOME: inst.home, NEO4J_CONF: inst.home },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(out);
      else {
        const tail = out.trim().split("\n").slice(-8).join("\n");
        reject(new LocalDbError(`${inst.name}: the offline import failed (exit ${code}):\n${tail}`));
      }
    });
  });
}
