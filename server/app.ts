/**
 * Builds the Express app without listening (tests import it): security headers, request logging with ids,
 * compression, JSON bodies with a size limit, the API routes, the OpenAPI document and the built client.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import compression from "compression";
import express, { type Express } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import { ROOT } from "./core/paths.ts";
import { Auth } from "./core/auth.ts";
import type { Config } from "./core/config.ts";
import { Lane } from "./core/lanes.ts";
import { Metrics } from "./core/metrics.ts";
import { DataVersion } from "./core/data-version.ts";
import type { Database } from "./core/db.ts";
import { ApiError, errorMiddleware } from "./core/errors.ts";
import { mount, openApiDocument, route, type RouteSpec } from "./core/routes.ts";
import { analyticsRoutes } from "./features/analytics/routes.ts";
import { Analytics } from "./features/analytics/service.ts";
import { clusterRoutes } from "./features/analytics/cluster-routes.ts";
import { curationRoutes } from "./features/curation/routes.ts";
import { changeSetRoutes } from "./features/curation/changeset-routes.ts";
import { importRoutes } from "./features/import/routes.ts";
import { exportRoutes } from "./features/export/routes.ts";
import { AnswerCache } from "./features/graph/answer-cache.ts";
import { LayoutCache, LayoutStopped } from "./features/graph/layout.ts";
import { graphRoutes } from "./features/graph/routes.ts";
import { queryRoutes } from "./features/queries/routes.ts";
import { metaRoutes } from "./features/meta/routes.ts";
import { nodeRoutes } from "./features/nodes/routes.ts";
import { searchRoutes } from "./features/search/routes.ts";

export const CLIENT_DIR = path.join(ROOT, "dist", "client");

export interface AppDeps {
  db: Database;
  config: Config;
  logger: Logger;
  layout?: LayoutCache;
  auth?: Auth;
  metrics?: Metrics;
  /** Why the database connection cannot write, when it cannot: curation and import then answer 503 saying so. */
  readOnly?: string | null;
  /**
   * Start the whole network's layout and read the analytics snapshot at once, so the first question does not wait
   * for them (the server process does; its log says when each is ready).
   */
  warm?: boolean;
}

/** Budget of the cache of graph answers (serialized JSON): the curated network's answer is ~1 MB, a 50,000-node
 * scope's ~12 MB. */
const GRAPH_CACHE_BYTES = 96 * 2 ** 20;

/** The lanes that bound heavy work (core/lanes.ts), from the configuration. */
export function lanesOf(config: Config): { views: Lane; compute: Lane; console: Lane } {
  const heavy = { concurrency: config.HEAVY_CONCURRENCY, queue: config.HEAVY_QUEUE, maxWaitMs: config.HEAVY_WAIT_MS };
  return {
    views: new Lane("network view", heavy),
    compute: new Lane("analysis and export", heavy),
    console: new Lane("console", {
      concurrency: config.CONSOLE_CONCURRENCY,
      queue: config.CONSOLE_QUEUE,
      maxWaitMs: config.CYPHER_TIMEOUT_MS,
    }),
  };
}

/**
 * Routes whose work grows with the network, by lane: computations (analytics, exports, library queries, imports),
 * and network views (the whole or filtered network, held until its answer is sent; ego networks and shortest paths
 * take the views lane themselves in graph/routes.ts, for the view's own work but not for the light reads around it,
 * such as a path's tie sources), so that a run of slow exports never holds up the views. Light routes (search, node
 * details, health, metadata) take no lane, and the console has a lane of its own.
 */
function laneOf(spec: RouteSpec): "views" | "compute" | null {
  if (spec.path === "/api/graph") return "views";
  if (["analytics", "export"].includes(spec.tag)) return "compute";
  if (spec.method === "post" && ["/api/import", "/api/queries/:name"].includes(spec.path)) return "compute";
  return null;
}

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps;
  const auth = deps.auth ?? new Auth(deps.config);
  const version = new DataVersion(db);
  const layoutDir = deps.config.LAYOUT_CACHE_DIR ?? path.join(ROOT, ".atlas", "layout-cache");
  const layout =
    deps.layout ?? new LayoutCache(db, version, layoutDir === "off" ? null : layoutDir, (msg) => deps.logger.info(msg));
  if (deps.warm) {
    layout
      .positions()
      .catch((e: unknown) =>
        e instanceof LayoutStopped ? deps.logger.info(e.message) : deps.logger.warn({ err: e }, "layout failed"),
      );
    new Analytics(db, version)
      .warm()
      .then((s) =>
        deps.logger.info(`analytics ready: ${s.n} nodes, ${s.m} ties (snapshot read in ${Math.round(s.loadMs)} ms)`),
      )
      .catch((e: unknown) => deps.logger.warn({ err: e }, "analytics snapshot failed"));
  }
  const answers = new AnswerCache(GRAPH_CACHE_BYTES);
  const lanes = lanesOf(deps.config);
  deps.metrics?.watchCache("graph", answers);
  const specs: RouteSpec[] = [
    ...metaRoutes(db, deps.readOnly ?? null),
    ...searchRoutes(db),
    ...graphRoutes(db, layout, version, answers, lanes.views),
    ...nodeRoutes(db),
    ...queryRoutes(db, deps.config, auth, lanes.console),
    ...analyticsRoutes(db, version, deps.config.RATE_LIMIT_PER_MINUTE),
    ...clusterRoutes(db, version, deps.config.RATE_LIMIT_PER_MINUTE, undefined, layout),
    ...exportRoutes(db, deps.config, auth, version, layout, lanes.console),
    ...curationRoutes(db, version, auth, deps.config.SIGN_IN_ATTEMPTS_PER_MINUTE),
    ...importRoutes(db, deps.config, version),
    ...changeSetRoutes(db, deps.config, version),
  ];
  for (const spec of specs) {
    const lane = laneOf(spec);
    if (lane) spec.before = [...(spec.before ?? []), lanes[lane].middleware()];
  }
  const openapi = route({
    method: "get",
    path: "/api/openapi.json",
    tag: "meta",
    summary: "This API's OpenAPI 3 description",
    returns: "OpenAPI document",
    handler: async () => document,
  });
  const metrics = deps.metrics;
  const metricsRoute = route({
    method: "get",
    path: "/api/metrics",
    tag: "meta",
    summary: "Prometheus metrics: requests and latencies by route, Neo4j statement times, transactions in flight",
    returns: "Prometheus text exposition format",
    produces: ["text/plain"],
    handler: async ({ res }) => {
      if (!metrics) return { error: "metrics are not enabled" };
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      return undefined;
    },
  });
  // On a read-only connection, every write of curation and import is refused up front, saying why.
  if (deps.readOnly) {
    const reason = deps.readOnly;
    for (const spec of specs) {
      if (spec.method === "get" || !["curation", "import"].includes(spec.tag)) continue;
      spec.before = [
        (_req, _res, next) =>
          next(new ApiError(503, "read_only", `${spec.tag} is off: this server is read-only because ${reason}`)),
        ...(spec.before ?? []),
      ];
      spec.errors = { ...spec.errors, 503: "The database connection is read-only" };
    }
  }
  const all = [...specs, metricsRoute, openapi];
  const document = openApiDocument(all, {
    title: "Coalition Atlas API",
    version: "0.1.0",
    description: "Read and analyse the counter-trafficking collaboration network stored in Neo4j.",
  });
  return all;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const metrics = deps.metrics ?? new Metrics();
  const { db } = deps;
  const logQuery = db.onQuery;
  db.onQuery = (name, ms) => {
    logQuery?.(name, ms);
    metrics.observeQuery(name, ms);
  };
  db.onTransaction = (delta) => metrics.inFlight.inc(delta);
  metrics.poolSize.set(deps.config.NEO4J_MAX_POOL_SIZE);
  app.use(metrics.middleware());
  app.disable("x-powered-by");
  // Forwarding headers (X-Forwarded-For) are trusted only from a proxy the operator names: otherwise any client
  // could pick the address that rate limits count against.
  app.set("trust proxy", deps.config.TRUST_PROXY);
  app.set("case sensitive routing", true);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          workerSrc: ["'self'", "blob:"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:", "blob:"],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && deps.config.CORS_ORIGINS.includes(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
      if (req.method === "OPTIONS") return void res.sendStatus(204);
    }
    next();
  });
  // Small answers go out as they are: gzip only pays off on larger payloads (graphs, exports).
  app.use(compression({ threshold: 8192 }));
  // Access is decided per route once Express has resolved it, and bodies are read only after that (core/routes.ts).
  // The router is case-sensitive: `/API/stats` is not `/api/stats` and answers 404.
  const auth = deps.auth ?? new Auth(deps.config);
  const api = express.Router({ caseSensitive: true });
  mount(api, apiRoutes({ ...deps, auth, metrics }), auth);
  app.use(api);
  // Whatever reads as an API path but matched no route (`/API/stats`, `/%61pi/stats`) is a JSON 404, not the
  // explorer's page. This is no access decision (those are made on the resolved route), only a clear answer.
  app.use((req, _res, next) => {
    let decoded = req.path;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      /* malformed escapes: keep the raw path */
    }
    if (!/^\/api(\/|$)/i.test(decoded)) return next();
    next(new ApiError(404, "not_found", `no API endpoint ${req.method} ${req.path}`));
  });

  if (existsSync(CLIENT_DIR)) {
    app.use(express.static(CLIENT_DIR, { index: "index.html", maxAge: "1h" }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(CLIENT_DIR, "index.html")));
  }
  app.use(errorMiddleware);
  return app;
}
