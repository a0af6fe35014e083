/** Calls to the Coalition Atlas API, with its errors turned into messages a person can act on. */
import type { SerializedGraph } from "./graph-data.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { Accept: "application/json" } });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "network", "The Coalition Atlas server cannot be reached. Check that it is running.");
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error ?? {};
    throw new ApiError(res.status, err.code ?? "error", err.message ?? `The server answered ${res.status}.`);
  }
  return body as T;
}

export interface SearchHit {
  id: string;
  name: string;
  acronym: string | null;
  labels: string[];
  sector: string | null;
  kind: string | null;
  country: string | null;
  score: number;
}

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
  graph: (query = "", signal?: AbortSignal) => get<SerializedGraph>(`/api/graph?limit=200000${query}`, signal),
  search: (q: string, signal?: AbortSignal) =>
    get<{ results: SearchHit[] }>(`/api/search?limit=8&q=${encodeURIComponent(q)}`, signal),
  node: (id: string) => get<NodeDetail>(`/api/nodes/${encodeURIComponent(id)}`),
  paths: (from: string, to: string) =>
    get<SerializedGraph & { paths: string[][] }>(
      `/api/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&maxHops=8`,
    ),
  stats: () => get<{ sectors: Record<string, number>; datasets: { id: string; version: string }[] }>("/api/stats"),
};
