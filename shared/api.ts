/**
 * The API's answers as the explorer reads them, shared by the server (which sends them) and the client.
 */

/** One full-text search hit (`GET /api/search`). */
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
