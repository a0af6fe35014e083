/**
 * Calls to the Coalition Atlas API, with its errors turned into messages a person can act on. Every answer's type
 * is `Answer<operation>`: derived from the zod schemas of shared/api.ts that the server's OpenAPI document is
 * built from (imported as types only: no zod in the browser).
 */
import type { Answer, LibraryQuery, QueryResult, SearchHit } from "../../shared/api.ts";

/** Where the console token (for servers that limit the console to token holders) is kept for the session. */
export const CONSOLE_TOKEN_KEY = "atlas.console.token";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's other fields (`problems`, `field`, …). */
    readonly details: Record<string, any> = {},
  ) {
    super(message);
  }
}

/** Where the signed-in session (token, user, role, expiry) is kept for the browser tab. */
export const SESSION_KEY = "atlas.session";

export type Session = Answer<"post /api/auth/sign-in">;

export function currentSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null") as Session | null;
    return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch {
    return null;
  }
}

/** The Authorization header for the signed-in session, or else the console token when one was entered. */
function authorization(): Record<string, string> {
  const token = currentSession()?.token ?? sessionStorage.getItem(CONSOLE_TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function request(path: string, signal?: AbortSignal, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, {
      signal,
      ...init,
      headers: { Accept: "application/json", "Content-Type": "application/json", ...authorization() },
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "network", "The Coalition Atlas server cannot be reached. Check that it is running.");
  }
}

async function get<T>(path: string, signal?: AbortSignal, init: RequestInit = {}): Promise<T> {
  const res = await request(path, signal, init);
  return answer<T>(res, await res.json().catch(() => null));
}

function answer<T>(res: Response, body: any): T {
  if (!res.ok) {
    const err = body?.error ?? {};
    // A session the server no longer accepts is dropped, so the next request reads as a visitor.
    if (res.status === 401 && ["session_expired", "session_revoked", "invalid_credentials"].includes(err.code))
      sessionStorage.removeItem(SESSION_KEY);
    throw new ApiError(res.status, err.code ?? "error", err.message ?? `The server answered ${res.status}.`, err);
  }
  return body as T;
}

/** When the last graph load's answer arrived in full and when it was parsed (performance.now()), for profiling. */
export const graphLoadTimings = { requestedAt: 0, downloadedAt: 0, parsedAt: 0, bytes: 0 };

/** The whole network for the explorer (by columns when it is large), timed in its download and its parse. */
async function loadGraph(query = "", signal?: AbortSignal): Promise<Answer<"get /api/graph">> {
  graphLoadTimings.requestedAt = performance.now();
  const res = await request(`/api/graph?limit=200000&format=auto${query}`, signal);
  const text = await res.text().catch(() => "");
  graphLoadTimings.downloadedAt = performance.now();
  graphLoadTimings.bytes = text.length;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  graphLoadTimings.parsedAt = performance.now();
  return answer<Answer<"get /api/graph">>(res, body);
}

export type { LibraryQuery, QueryResult, SearchHit };
export type NodeDetail = Answer<"get /api/nodes/:id">;

export const api = {
  graph: loadGraph,
  /** Revokes the session token on the server, so a copy of it left anywhere stops working too. */
  signOut: () => request("/api/auth/sign-out", undefined, { method: "POST" }),
  search: (q: string, signal?: AbortSignal) =>
    get<Answer<"get /api/search">>(`/api/search?limit=8&q=${encodeURIComponent(q)}`, signal),
  node: (id: string) => get<NodeDetail>(`/api/nodes/${encodeURIComponent(id)}`),
  paths: (from: string, to: string, maxHops = 8) =>
    get<Answer<"get /api/paths">>(
      `/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&maxHops=${maxHops}`,
    ),
  centrality: (metric: string, scope = "") =>
    get<Answer<"get /api/analytics/centrality">>(`/api/analytics/centrality?metric=${metric}&limit=1000000${scope}`),
  communities: (scope = "") =>
    get<Answer<"get /api/analytics/communities">>(`/api/analytics/communities?seed=1${scope}`),
  sectors: (scope = "") => get<Answer<"get /api/analytics/sectors">>(`/api/analytics/sectors?${scope}`),
  brokerage: (scope = "") => get<Answer<"get /api/analytics/brokerage">>(`/api/analytics/brokerage?limit=15${scope}`),
  summary: (scope = "") => get<Answer<"get /api/analytics/summary">>(`/api/analytics/summary?${scope}`),
  queries: () => get<Answer<"get /api/queries">>("/api/queries"),
  runQuery: (name: string, params: Record<string, unknown>) =>
    get<Answer<"post /api/queries/:name">>(`/api/queries/${encodeURIComponent(name)}`, undefined, {
      method: "POST",
      body: JSON.stringify({ params }),
    }),
  cypher: (query: string, params: Record<string, unknown>) =>
    get<Answer<"post /api/cypher">>("/api/cypher", undefined, {
      method: "POST",
      body: JSON.stringify({ query, params }),
    }),
  schema: () =>
    get<QueryResult>("/api/cypher", undefined, {
      method: "POST",
      body: JSON.stringify({ query: "CALL db.labels() YIELD label RETURN collect(label) AS labels" }),
    }),
  countries: () => get<Answer<"get /api/countries">>("/api/countries"),
  issues: () => get<Answer<"get /api/issues">>("/api/issues"),
  signIn: (secret: string) =>
    get<Answer<"post /api/auth/sign-in">>("/api/auth/sign-in", undefined, {
      method: "POST",
      body: JSON.stringify({ secret }),
    }),
  send: <T = Record<string, any>>(method: string, path: string, body?: unknown) =>
    get<T>(path, undefined, { method, body: body === undefined ? undefined : JSON.stringify(body) }),
  changes: (target?: string) =>
    get<Answer<"get /api/changes">>(`/api/changes?limit=100${target ? `&target=${encodeURIComponent(target)}` : ""}`),
  datasets: () => get<Answer<"get /api/datasets">>("/api/datasets"),
  stats: () => get<Answer<"get /api/stats">>("/api/stats"),
  /** Whether the server and its database answer (a 503 while the database is away). */
  health: () => get<Answer<"get /api/health">>("/api/health"),
};
