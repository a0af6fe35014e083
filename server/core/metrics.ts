/**
 * Prometheus metrics (prom-client): requests by route and status with their latency, every Cypher statement's
 * duration by name, transactions in flight against the driver's pool size, and the process's own figures. Served
 * at GET /api/metrics. Routes are labelled by their declared path (`/api/nodes/:id`), never the raw URL, so the
 * number of series stays bounded.
 */
import type { RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "atlas_http_requests_total",
    help: "HTTP requests answered, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "atlas_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly cypher = new Histogram({
    name: "atlas_neo4j_query_duration_seconds",
    help: "Time a named Cypher statement took, from sending to the last record",
    labelNames: ["statement"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: "atlas_neo4j_transactions_in_flight",
    help: "Transactions open against Neo4j (each holds one pooled connection)",
    registers: [this.registry],
  });
  readonly poolSize = new Gauge({
    name: "atlas_neo4j_pool_max_size",
    help: "The driver's connection pool size",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "atlas_" });
  }

  /** Express middleware timing every request; the route label is the matched route's path. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const stop = this.latency.startTimer();
      res.on("finish", () => {
        const route = req.route?.path
          ? `${req.baseUrl}${String(req.route.path)}`
          : req.path.startsWith("/api/")
            ? "(unmatched)"
            : "(client)";
        stop({ method: req.method, route });
        this.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  observeQuery(statement: string, ms: number): void {
    this.cypher.observe({ statement }, ms / 1000);
  }

  /** Reports a cache's hits, misses and size, read when metrics are scraped. */
  watchCache(name: string, cache: { hits: number; misses: number; size: number; count: number }): void {
    const gauge = (metric: string, help: string, read: () => number) =>
      new Gauge({
        name: `atlas_${name}_cache_${metric}`,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    gauge("hits", `Answers served from the ${name} cache since start`, () => cache.hits);
    gauge("misses", `Answers the ${name} cache had to compute since start`, () => cache.misses);
    gauge("bytes", `Size of the answers the ${name} cache holds`, () => cache.size);
    gauge("entries", `Answers the ${name} cache holds`, () => cache.count);
  }
}
