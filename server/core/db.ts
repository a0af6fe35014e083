/**
 * Neo4j access in one place: one driver, sessions that always name their database and are always closed, reads in
 * read transactions (a cluster can route them to secondaries), writes in write transactions, every statement by
 * name from `cypher/`, every value a parameter, every transaction bounded by a timeout.
 */
import neo4j, {
  Neo4jError,
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
  type Transaction,
} from "neo4j-driver";
import type { Config } from "./config.ts";
import { Statements } from "./cypher.ts";
import { isStopped, type StoppedAt } from "./errors.ts";

export type Row = Record<string, unknown>;

/**
 * JavaScript numbers reach Cypher as floats; LIMIT, SKIP and ranges need integers. Top-level whole-number
 * parameters are sent as Cypher integers (nested values are the caller's to type).
 */
export function integerParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params))
    out[k] = typeof v === "number" && Number.isSafeInteger(v) ? neo4j.int(v) : v;
  return out;
}

/** A whole number as a Cypher integer (years, counts inside row parameters). */
export const cypherInt = (v: number | null) => (v === null ? null : neo4j.int(v));

/** A transaction that runs statements by name and hands back plain rows. */
export class Tx {
  private readonly started = performance.now();

  constructor(
    private readonly tx: ManagedTransaction | Transaction,
    private readonly statements: Statements,
    private readonly onQuery?: (name: string, ms: number) => void,
    /** The transaction's time limit, named in the error when a statement runs past it. */
    private readonly limitMs?: number,
  ) {}

  async run<T extends Row = Row>(name: string, params: Record<string, unknown> = {}): Promise<T[]> {
    const result = await this.raw(name, params);
    return result.records.map((r) => r.toObject() as T);
  }

  async raw(name: string, params: Record<string, unknown> = {}): Promise<QueryResult<RecordShape>> {
    const started = performance.now();
    try {
      return await this.tx.run(this.statements.get(name).text, integerParams(params));
    } catch (e) {
      if (e instanceof Neo4jError && isStopped(e)) {
        Object.assign(e, {
          statement: name,
          limitMs: this.limitMs,
          elapsedMs: Math.round(performance.now() - this.started),
        } satisfies StoppedAt);
      }
      throw e;
    } finally {
      this.onQuery?.(name, performance.now() - started);
    }
  }
}

export interface DbOptions {
  uri: string;
  username: string;
  password: string;
  database: string;
  maxPoolSize?: number;
  acquisitionTimeoutMs?: number;
  connectionTimeoutMs?: number;
  retryTimeMs?: number;
  queryTimeoutMs?: number;
}

export class Database {
  readonly driver: Driver;
  readonly statements: Statements;
  readonly database: string;
  private readonly queryTimeoutMs: number;
  /** Called after every statement with its name and duration (for logs and metrics; never the parameters). */
  onQuery?: (name: string, ms: number) => void;
  /** Called with +1 when a transaction opens and -1 when it ends (pool use, for metrics). */
  onTransaction?: (delta: 1 | -1) => void;

  constructor(opts: DbOptions, statements = new Statements()) {
    this.statements = statements;
    this.database = opts.database;
    this.queryTimeoutMs = opts.queryTimeoutMs ?? 15000;
    this.driver = neo4j.driver(opts.uri, neo4j.auth.basic(opts.username, opts.password), {
      disableLosslessIntegers: true,
      maxConnectionPoolSize: opts.maxPoolSize ?? 50,
      connectionAcquisitionTimeout: opts.acquisitionTimeoutMs ?? 2000,
      connectionTimeout: opts.connectionTimeoutMs ?? 1500,
      maxTransactionRetryTime: opts.retryTimeMs ?? 1000,
      connectionLivenessCheckTimeout: 30_000,
      userAgent: "coalition-atlas/0.1",
    });
  }

  static fromConfig(config: Config, creds: { uri: string; username: string; password: string }): Database {
    return new Database({
      ...creds,
      database: config.NEO4J_DATABASE,
      maxPoolSize: config.NEO4J_MAX_POOL_SIZE,
      acquisitionTimeoutMs: config.NEO4J_ACQUISITION_TIMEOUT_MS,
      connectionTimeoutMs: config.NEO4J_CONNECTION_TIMEOUT_MS,
      retryTimeMs: config.NEO4J_RETRY_TIME_MS,
      queryTimeoutMs: config.QUERY_TIMEOUT_MS,
    });
  }

  /** Runs `work` in a read transaction (routed to a reader in a cluster). */
  async read<T>(work: (tx: Tx) => Promise<T>, timeoutMs = this.queryTimeoutMs): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    this.onTransaction?.(1);
    try {
      return await session.executeRead((tx) => work(new Tx(tx, this.statements, this.onQuery, timeoutMs)), {
        timeout: timeoutMs,
      });
    } finally {
      this.onTransaction?.(-1);
      await session.close();
    }
  }

  /** Runs `work` in a write transaction. */
  async write<T>(work: (tx: Tx) => Promise<T>, timeoutMs = this.queryTimeoutMs * 4): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    this.onTransaction?.(1);
    try {
      return await session.executeWrite((tx) => work(new Tx(tx, this.statements, this.onQuery, timeoutMs)), {
        timeout: timeoutMs,
      });
    } finally {
      this.onTransaction?.(-1);
      await session.close();
    }
  }

  /**
   * Runs `work` in one explicit write transaction, attempted once: for long writes (imports) where a retry after a
   * failure would only repeat minutes of work. Rolled back on any error.
   */
  async writeOnce<T>(work: (tx: Tx) => Promise<T>, timeoutMs: number): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    const tx = session.beginTransaction({ timeout: timeoutMs });
    this.onTransaction?.(1);
    try {
      const out = await work(new Tx(tx, this.statements, this.onQuery, timeoutMs));
      await tx.commit();
      return out;
    } catch (e) {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      throw e;
    } finally {
      this.onTransaction?.(-1);
      await session.close();
    }
  }

  /** One read statement by name. */
  readRows<T extends Row = Row>(name: string, params: Record<string, unknown> = {}): Promise<T[]> {
    return this.read((tx) => tx.run<T>(name, params));
  }

  /** Runs schema statements (which cannot share a transaction with data writes), each in its own auto-commit. */
  async runSchema(statements: string[]): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      for (const s of statements) await session.run(s);
      await session.run("CALL db.awaitIndexes(120)");
    } finally {
      await session.close();
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
