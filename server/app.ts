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
import { Metrics } from "./core/metrics.ts";
import { DataVersion } from "./core/data-version.ts";
import type { Database } from "./core/db.ts";
import { ApiError, errorMiddleware } from "./core/errors.ts";
import { mount, openApiDocument, route, type RouteSpec } from "./core/routes.ts";
import { analyticsRoutes } from "./features/analytics/routes.ts";
import { curationRoutes } from "./features/curation/routes.ts";
import { importRoutes } from "./features/import/routes.ts";
import { exportRoutes } from "./features/export/routes.ts";
import { AnswerCache } from "./features/graph/answer-cache.ts";
import { LayoutCache } from "./features/graph/layout.ts";
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
}

/** Budget of the cache of graph answers (serialized JSON): the curated network's answer is ~1 MB, a 50,000-node
 * scope's ~12 MB. */
const GRAPH_CACHE_BYTES = 96 * 2 ** 20;

/** API paths that answer without a credential even when reads are protected. */
const OPEN_PATHS = ["/api/health", "/api/auth/sign-in", "/api/auth/me"];

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps;
  const auth = deps.auth ?? new Auth(deps.config);
  const version = new DataVersion(db);
  const layoutDir = deps.config.LAYOUT_CACHE_DIR ?? path.join(ROOT, ".atlas", "layout-cache");
  const layout = deps.layout ?? new LayoutCache(db, version, layoutDir === "off" ? null : layoutDir);
  const answers = new AnswerCache(GRAPH_CACHE_BYTES);
  deps.metrics?.watchCache("graph", answers);
  const specs: RouteSpec[] = [
    ...metaRoutes(db),
    ...searchRoutes(db),
    ...graphRoutes(db, layout, version, answers),
    ...nodeRoutes(db),
    ...queryRoutes(db, deps.config, auth),
    ...analyticsRoutes(db, version, deps.config.RATE_LIMIT_PER_MINUTE),
    ...exportRoutes(db, deps.config, auth, version, layout),
    ...curationRoutes(db, version, auth),
    ...importRoutes(db, deps.config, version, auth),
  ];
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
  app.set("trust proxy", "loopback");
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
  // Uploads to /api/import carry base64 files: their own, larger limit; every other body stays small.
  const importJson = express.json({ limit: Math.ceil(deps.config.IMPORT_MAX_BYTES * 1.4) + 65_536 });
  const json = express.json({ limit: "1mb" });
  app.use((req, res, next) => (req.path === "/api/import" ? importJson : json)(req, res, next));

  const auth = deps.auth ?? new Auth(deps.config);
  const api = express.Router();
  api.use(auth.gate(OPEN_PATHS));
  mount(api, apiRoutes({ ...deps, auth, metrics }));
  app.use(api);
  app.use("/api", (req, _res, next) =>
    next(new ApiError(404, "not_found", `no API endpoint ${req.method} ${req.baseUrl}${req.path}`)),
  );

  if (existsSync(CLIENT_DIR)) {
    app.use(express.static(CLIENT_DIR, { index: "index.html", maxAge: "1h" }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(CLIENT_DIR, "index.html")));
  }
  app.use(errorMiddleware);
  return app;
}
