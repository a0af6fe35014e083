/** Calls to the Coalition Atlas API, with its errors turned into messages a person can act on. */
import type { ColumnarGraph, SerializedGraph } from "../../shared/wire.ts";

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

export interface Session {
  token: string;
  user: string;
  role: "viewer" | "editor" | "admin";
  expiresAt: string;
}

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
    if (res.status === 401 && (err.code === "session_expired" || err.code === "invalid_credentials"))
      sessionStorage.removeItem(SESSION_KEY);
    throw new ApiError(res.status, err.code ?? "error", err.message ?? `The server answered ${res.status}.`, err);
  }
  return body as T;
}

/** When the last graph load's answer arrived in full and when it was parsed (performance.now()), for profiling. */
export const graphLoadTimings = { requestedAt: 0, downloadedAt: 0, parsedAt: 0, bytes: 0 };

/** The whole network for the explorer (by columns when it is large), timed in its download and its parse. */
async function loadGraph(query = "", signal?: AbortSignal): Promise<SerializedGraph | ColumnarGraph> {
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
  return answer<SerializedGraph | ColumnarGraph>(res, body);
}

import type { SearchHit } from "../../shared/api.ts";
export type { SearchHit };

export interface NodeDetail {
  node: Record<string, any>;
  labels: string[];
  country: { id: string; name: string; region: string; subregion: string } | null;
  issues: { id: string; name: string }[];
  operatesIn: { id: string; name: string }[];
  relationships: Record<string, Record<string, any>[]>;
  truncated: boolean;
}

export const api = {
  graph: loadGraph,
  search: (q: string, signal?: AbortSignal) =>
    get<{ results: SearchHit[] }>(`/api/search?limit=8&q=${encodeURIComponent(q)}`, signal),
  node: (id: string) => get<NodeDetail>(`/api/nodes/${encodeURIComponent(id)}`),
  paths: (from: string, to: string) =>
    get<SerializedGraph & { paths: string[][] }>(
      `/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&maxHops=8`,
    ),
  centrality: (metric: string, scope = "") =>
    get<{
      results: { id: string; name: string; sector: string; value: number; rank: number }[];
      nodeCount: number;
      edgeCount: number;
      engine: string;
      sampled: number | null;
    }>(`/api/analytics/centrality?metric=${metric}&limit=1000000${scope}`),
  communities: (scope = "") =>
    get<{
      modularity: number;
      count: number;
      communities: { id: number; size: number; label: string; sectors: Record<string, number>; top: string[] }[];
      assignment: Record<string, number>;
    }>(`/api/analytics/communities?seed=1${scope}`),
  sectors: (scope = "") =>
    get<{
      mixing: Record<string, Record<string, number>>;
      ei: { byGroup: Record<string, number>; overall: number };
      assortativity: number;
    }>(`/api/analytics/sectors?${scope}`),
  brokerage: (scope = "") =>
    get<{ results: Record<string, any>[]; articulationPoints: number; crossSectorBridges: number }>(
      `/api/analytics/brokerage?limit=15${scope}`,
    ),
  summary: (scope = "") => get<Record<string, any>>(`/api/analytics/summary?${scope}`),
  queries: () => get<{ queries: LibraryQuery[] }>("/api/queries"),
  runQuery: (name: string, params: Record<string, unknown>) =>
    get<QueryResult>(`/api/queries/${encodeURIComponent(name)}`, undefined, {
      method: "POST",
      body: JSON.stringify({ params }),
    }),
  cypher: (query: string, params: Record<string, unknown>) =>
    get<QueryResult>("/api/cypher", undefined, { method: "POST", body: JSON.stringify({ query, params }) }),
  schema: () =>
    get<QueryResult>("/api/cypher", undefined, {
      method: "POST",
      body: JSON.stringify({ query: "CALL db.labels() YIELD label RETURN collect(label) AS labels" }),
    }),
  countries: () =>
    get<{ countries: { id: string; ccn3: string; name: string; region: string; lat: number; lng: number }[] }>(
      "/api/countries",
    ),
  signIn: (secret: string) =>
    get<Session>("/api/auth/sign-in", undefined, { method: "POST", body: JSON.stringify({ secret }) }),
  send: <T = Record<string, any>>(method: string, path: string, body?: unknown) =>
    get<T>(path, undefined, { method, body: body === undefined ? undefined : JSON.stringify(body) }),
  changes: (target?: string) =>
    get<{ changes: Record<string, any>[] }>(
      `/api/changes?limit=100${target ? `&target=${encodeURIComponent(target)}` : ""}`,
    ),
  datasets: () => get<{ datasets: Record<string, any>[] }>("/api/datasets"),
  stats: () => get<{ sectors: Record<string, number>; datasets: { id: string; version: string }[] }>("/api/stats"),
};

export interface LibraryQuery {
  name: string;
  title: string;
  description: string;
  cypher: string;
  params: {
    name: string;
    type: string;
    default: string | number;
    description: string;
    choices?: string[] | { from: string };
  }[];
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  graph: { nodes: { key: string; attributes: Record<string, unknown> }[]; edges: { source: string; target: string }[] };
  summary: { rows: number; ms: number; queryType: string };
  truncated: { rows: boolean; nodes: boolean };
  cypher?: string;
}
