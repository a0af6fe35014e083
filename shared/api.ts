/**
 * The API's answers as zod schemas, shared by the server (the OpenAPI document's response schemas, and tests that
 * check real answers against them) and the explorer (its types are `z.infer` of these, imported as types only, so
 * no zod reaches the browser). `OPERATIONS` names every route's operation and answer; a test checks that every
 * route the server mounts has its entry.
 */
import { z } from "zod";

const Attributes = z.record(z.string(), z.unknown());
const Sources = z.array(z.string());

/** The error body of every failure: a code, a message, and where the problem was when known. */
export const ErrorBody = z
  .object({
    error: z.looseObject({
      code: z.string().describe("Machine-readable error code, e.g. invalid_parameter, not_found"),
      message: z.string().describe("What was wrong and where, in words"),
      parameter: z.string().optional().describe("The query, path or body parameter at fault"),
      field: z.string().optional().describe("The record field at fault"),
      problems: z.array(z.string()).optional().describe("Every problem found, each with where it was"),
      statement: z
        .string()
        .optional()
        .describe("The named statement of cypher/ the database stopped (query_timeout, query_stopped)"),
      limitMs: z.number().nullable().optional().describe("The stopped transaction's time limit"),
      elapsedMs: z.number().nullable().optional().describe("How long the stopped transaction had run"),
    }),
  })
  .meta({ id: "Error" });

/** graphology's serialization format. */
export const SerializedGraphSchema = z
  .object({
    attributes: Attributes,
    options: z.object({ type: z.literal("directed"), multi: z.literal(true), allowSelfLoops: z.literal(false) }),
    nodes: z.array(z.object({ key: z.string(), attributes: Attributes })),
    edges: z.array(z.object({ key: z.string(), source: z.string(), target: z.string(), attributes: Attributes })),
  })
  .meta({ id: "SerializedGraph" });

const Column = z.union([
  z.object({ values: z.array(z.unknown()) }),
  z.object({ dict: z.array(z.string()), codes: z.array(z.number().int()) }),
  z.object({ dict: z.array(z.string()), lists: z.array(z.array(z.number().int()).nullable()) }),
]);
/** The same graph by columns (shared/wire.ts). */
export const ColumnarGraphSchema = z
  .object({
    format: z.literal("columns"),
    attributes: Attributes,
    options: SerializedGraphSchema.shape.options,
    nodes: z.object({ keys: z.array(z.string()), columns: z.record(z.string(), Column) }),
    edges: z.object({
      source: z.array(z.number().int()),
      target: z.array(z.number().int()),
      keys: z.array(z.string()).optional(),
      columns: z.record(z.string(), Column),
    }),
  })
  .meta({ id: "ColumnarGraph" });

/** The fields every paged list adds to its answer (server/core/paging.ts). */
export const PageSchema = z.object({
  total: z.number().int().describe("How many items the whole list holds"),
  offset: z.number().int().describe("How many items come before this page"),
  limit: z.number().int().describe("The page size asked for"),
  next: z.string().nullable().describe("Path and query of the next page; null on the last page"),
});
export type Page = z.infer<typeof PageSchema>;

export const SearchHitSchema = z.object({
  id: z.string(),
  name: z.string(),
  acronym: z.string().nullable(),
  labels: z.array(z.string()),
  sector: z.string().nullable(),
  kind: z.string().nullable(),
  country: z.string().nullable(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

const Place = z.object({ id: z.string(), name: z.string() });
export const NodeDetailSchema = z.object({
  node: z.looseObject({
    id: z.string(),
    name: z.string(),
    acronym: z.string().nullish(),
    aliases: z.array(z.string()).nullish(),
    sector: z.string().nullish(),
    kind: z.string().nullish(),
    country: z.string().nullish(),
    description: z.string().nullish(),
    founded: z.number().nullish(),
    website: z.string().nullish(),
    sources: Sources.nullish(),
    retrieved: z.string().nullish(),
  }),
  labels: z.array(z.string()),
  country: z.object({ id: z.string(), name: z.string(), region: z.string(), subregion: z.string() }).nullable(),
  issues: z.array(Place),
  operatesIn: z.array(Place),
  relationships: z.record(
    z.string(),
    z.array(
      z.looseObject({
        direction: z.enum(["in", "out"]),
        counterpart: z.looseObject({ id: z.string(), name: z.string() }),
        role: z.string().nullish(),
        since: z.number().nullish(),
        until: z.number().nullish(),
        amount: z.number().nullish(),
        currency: z.string().nullish(),
        sources: Sources.nullish(),
      }),
    ),
  ),
  truncated: z.boolean(),
});

/** The nodes and relationships a query returned, in graphology's serialization format (self-loops allowed). */
export const ResultGraphSchema = z.object({
  attributes: Attributes,
  options: z.object({ type: z.literal("directed"), multi: z.literal(true), allowSelfLoops: z.literal(true) }),
  nodes: z.array(z.object({ key: z.string(), attributes: Attributes })),
  edges: z.array(z.object({ key: z.string(), source: z.string(), target: z.string(), attributes: Attributes })),
});
export type ResultGraph = z.infer<typeof ResultGraphSchema>;
/** A query's answer: table, graph of the nodes and relationships it returned, and how it ran. */
export const QueryResultSchema = z.looseObject({
  columns: z.array(z.string()),
  rows: z.array(Attributes),
  graph: ResultGraphSchema,
  summary: z.looseObject({
    queryType: z.string(),
    rows: z.number(),
    ms: z.number(),
    timeoutMs: z.number().describe("The time limit the query ran under"),
    maxRows: z.number().describe("The row cap"),
    maxNodes: z.number().describe("The cap on nodes drawn in the graph"),
  }),
  truncated: z.object({ rows: z.boolean(), nodes: z.boolean() }),
  cypher: z.string().optional(),
});
export type QueryResult = z.infer<typeof QueryResultSchema>;

/** The kinds of a library query's parameter: how it is validated and where a form takes its choices from. */
export const QUERY_PARAM_TYPES = [
  "string",
  "int",
  "year",
  "actor",
  "sector",
  "relType",
  "region",
  "issue",
  "country",
] as const;
export const QueryParamSchema = z.object({
  name: z.string(),
  type: z.enum(QUERY_PARAM_TYPES),
  default: z.union([z.string(), z.number()]),
  min: z.number().optional(),
  max: z.number().optional(),
  description: z.string(),
  /** Where a form gets its choices: a fixed list, or an endpoint to search. */
  choices: z.union([z.array(z.string()), z.object({ from: z.string() })]).optional(),
});
export type QueryParam = z.infer<typeof QueryParamSchema>;

export const LibraryQuerySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  cypher: z.string(),
  params: z.array(QueryParamSchema),
});
export type LibraryQuery = z.infer<typeof LibraryQuerySchema>;

const Ranked = z.looseObject({
  id: z.string(),
  name: z.string(),
  sector: z.string().nullable().optional(),
  value: z.number(),
  rank: z.number(),
});
const Analysis = { engine: z.string(), scope: z.unknown() };
export const CentralitySchema = z.looseObject({
  ...Analysis,
  metric: z.string(),
  nodeCount: z.number(),
  edgeCount: z.number(),
  sampled: z.number().nullable(),
  results: z.array(Ranked),
});
export const CommunitiesSchema = z.looseObject({
  ...Analysis,
  modularity: z.number(),
  count: z.number(),
  communities: z.array(
    z.looseObject({
      id: z.number(),
      size: z.number(),
      label: z.string(),
      sectors: z.record(z.string(), z.number()),
      top: z.array(z.string()),
    }),
  ),
  assignment: z.record(z.string(), z.number()),
});
export const SectorsSchema = z.looseObject({
  ...Analysis,
  mixing: z.record(z.string(), z.record(z.string(), z.number())),
  ei: z.looseObject({ byGroup: z.record(z.string(), z.number()), overall: z.number() }),
  assortativity: z.number(),
});
export const BrokerageSchema = z.looseObject({
  ...Analysis,
  articulationPoints: z.number(),
  crossSectorBridges: z.number(),
  results: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      sector: z.string().nullish(),
      coordinator: z.number(),
      consultant: z.number(),
      gatekeeper: z.number(),
      representative: z.number(),
      liaison: z.number(),
      constraint: z.number().nullable(),
    }),
  ),
});
const ClusterMemberSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  sector: z.string().nullable(),
  entity: z.enum(["Actor", "Partnership"]),
});
/** The cluster overview: clusters as super-nodes, their ties, and one opened cluster. */
export const ClustersSchema = z.looseObject({
  ...Analysis,
  nodeCount: z.number(),
  edgeCount: z.number(),
  truncated: z.boolean(),
  seed: z.number(),
  resolution: z.number(),
  modularity: z.number(),
  count: z.number(),
  labelRule: z.string(),
  crossSectorRule: z.string(),
  clusters: z.array(
    z.looseObject({
      id: z.number().int(),
      size: z.number().int(),
      actors: z.number().int(),
      partnerships: z.number().int(),
      label: z.string(),
      rule: z.string(),
      sectors: z.record(z.string(), z.number()),
      ei: z.number().nullable(),
      openness: z.number().nullable(),
      internalTies: z.number().int(),
      externalTies: z.number().int(),
      crossSectorTies: z.number().int(),
      brokers: z.number().int(),
      place: z.string().nullable(),
      issue: z.string().nullable(),
      central: z.array(ClusterMemberSchema.extend({ ties: z.number() })),
    }),
  ),
  others: z.object({ clusters: z.number().int(), members: z.number().int() }),
  ties: z.array(
    z.object({
      source: z.number().int(),
      target: z.number().int(),
      ties: z.number().int(),
      crossSector: z.number().int(),
      bySector: z.record(z.string(), z.number()),
    }),
  ),
  ngoGovernmentBrokers: z.array(
    ClusterMemberSchema.extend({
      cluster: z.number().int(),
      paths: z.number(),
      ngos: z.number(),
      governments: z.number(),
    }),
  ),
  opened: z
    .object({
      id: z.number().int(),
      label: z.string(),
      nodes: z.array(
        ClusterMemberSchema.extend({
          ties: z.number(),
          external: z.number(),
          broker: z.boolean(),
          /** The member's place in the whole network's layout, once the server has it. */
          x: z.number().optional(),
          y: z.number().optional(),
          roles: z.object({
            coordinator: z.number(),
            gatekeeper: z.number(),
            consultant: z.number(),
            liaison: z.number(),
          }),
        }),
      ),
      edges: z.array(z.object({ source: z.string(), target: z.string(), type: z.string(), crossSector: z.boolean() })),
    })
    .nullable(),
  assignment: z.record(z.string(), z.number()).optional(),
  /** What the groups are: Louvain clusters, sectors or regions. */
  by: z.enum(["cluster", "sector", "region"]).optional(),
});
const figure = z.number().nullable();
export const SummarySchema = z.looseObject({
  ...Analysis,
  nodes: z.number(),
  edges: z.number(),
  density: figure,
  components: z.number(),
  largestComponent: z.number(),
  diameter: figure,
  averagePathLength: figure,
  averageClustering: figure,
  communities: z.number(),
  modularity: figure,
});

export const SessionSchema = z.object({
  token: z.string(),
  user: z.string(),
  role: z.enum(["viewer", "editor", "admin"]),
  expiresAt: z.string(),
});
const Change = z.looseObject({
  id: z.string(),
  at: z.string(),
  user: z.string(),
  action: z.string(),
  target: z.string(),
  revertedBy: z.string().nullish(),
  fields: z
    .array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }))
    .optional()
    .describe("Each field the change changed, with its value before and after"),
});
const Dataset = z.looseObject({ id: z.string() });
/** What a change-set change does, in the order a change set applies them. */
export const CHANGE_ACTIONS = [
  "remove-relationship",
  "remove-entity",
  "add-entity",
  "update-entity",
  "add-relationship",
  "update-relationship",
] as const;
const FieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
/** One change an edited export proposes to the curated data (server/features/curation/changeset.ts). */
export const ProposedChangeSchema = z.object({
  id: z.string().describe("What to name in `select` to apply it"),
  action: z.enum(CHANGE_ACTIONS),
  target: z.string().describe("The entity id, or the relationship key source-TYPE->target"),
  element: z.string().nullable().describe("Where the element is in the file (null for a removal)"),
  fields: z.array(FieldChangeSchema),
  sources: z.array(z.string()).describe("The source URLs the change brings"),
});
const ChangeOnly = z.object({ change: Change });
const EntityChange = z.object({ entity: Attributes, change: Change });
const RelationshipChange = z.object({ relationship: Attributes, change: Change });

export interface OperationInfo {
  operationId: string;
  /** The success answer's body. */
  response: z.ZodType;
  /** The success status, when not 200. */
  status?: 201;
  /** Needs a bearer credential (editors' writes). */
  auth?: boolean;
}

/** An editor's write: needs a bearer credential. */
const editorWrite = <R extends z.ZodType>(operationId: string, response: R) => ({ operationId, response, auth: true });

/** Every route's operation: its id, its answer (and status), and whether it needs a bearer credential. */
export const OPERATIONS = {
  "get /api/health": {
    operationId: "getHealth",
    response: z.looseObject({
      status: z.string(),
      neo4j: z.looseObject({ connected: z.boolean() }),
      readOnly: z
        .string()
        .nullish()
        .describe("Why the database connection cannot write (curation and import are off); null when it can"),
    }),
  },
  "get /api/issues": {
    operationId: "listIssues",
    response: z.object({
      issues: z.array(z.looseObject({ id: z.string(), name: z.string(), description: z.string().nullish() })),
    }),
  },
  "get /api/countries": {
    operationId: "listCountries",
    response: z.object({
      countries: z.array(
        z.looseObject({
          id: z.string(),
          ccn3: z.string(),
          name: z.string(),
          region: z.string(),
          lat: z.number(),
          lng: z.number(),
        }),
      ),
    }),
  },
  "get /api/stats": {
    operationId: "getStats",
    response: z.looseObject({
      labels: z.record(z.string(), z.number()),
      sectors: z.record(z.string(), z.number()),
      relationshipTypes: z.record(z.string(), z.number()),
      datasets: z.array(Dataset),
    }),
  },
  "get /api/search": {
    operationId: "search",
    response: PageSchema.extend({
      results: z.array(SearchHitSchema),
      truncated: z.boolean().describe("More results follow this page"),
    }),
  },
  "get /api/graph": { operationId: "getGraph", response: z.union([SerializedGraphSchema, ColumnarGraphSchema]) },
  "get /api/nodes/:id/neighborhood": { operationId: "getNeighborhood", response: SerializedGraphSchema },
  "get /api/paths": {
    operationId: "getShortestPaths",
    response: SerializedGraphSchema.extend({ paths: z.array(z.array(z.string())) }),
  },
  "get /api/nodes/:id": { operationId: "getNode", response: NodeDetailSchema },
  "get /api/queries": { operationId: "listQueries", response: z.object({ queries: z.array(LibraryQuerySchema) }) },
  "post /api/queries/:name": {
    operationId: "runLibraryQuery",
    response: QueryResultSchema.extend({ name: z.string(), title: z.string(), params: Attributes }),
  },
  "post /api/cypher": { operationId: "runCypher", response: QueryResultSchema },
  "get /api/analytics/centrality": { operationId: "getCentrality", response: CentralitySchema },
  "get /api/analytics/communities": { operationId: "getCommunities", response: CommunitiesSchema },
  "get /api/analytics/sectors": { operationId: "getSectorMixing", response: SectorsSchema },
  "get /api/analytics/brokerage": { operationId: "getBrokerage", response: BrokerageSchema },
  "get /api/analytics/summary": { operationId: "getSummary", response: SummarySchema },
  "get /api/analytics/clusters": { operationId: "getClusters", response: ClustersSchema },
  "get /api/export": { operationId: "exportGraph", response: z.string().describe("The file in the format asked for") },
  "post /api/export": {
    operationId: "exportQueryResult",
    response: z.string().describe("The file in the format asked for"),
  },
  "post /api/auth/sign-in": { operationId: "signIn", response: SessionSchema },
  "post /api/auth/sign-out": { operationId: "signOut", response: z.object({ signedOut: z.literal(true) }) },
  "get /api/auth/me": {
    operationId: "whoAmI",
    response: z.union([SessionSchema.omit({ token: true }), z.object({ user: z.null() })]),
  },
  "post /api/entities": { ...editorWrite("createEntity", EntityChange), status: 201 },
  "patch /api/entities/:id": editorWrite("updateEntity", EntityChange),
  "delete /api/entities/:id": editorWrite("deleteEntity", ChangeOnly),
  "post /api/relationships": { ...editorWrite("createRelationship", RelationshipChange), status: 201 },
  "patch /api/relationships": editorWrite("updateRelationship", RelationshipChange),
  "delete /api/relationships": editorWrite("deleteRelationship", ChangeOnly),
  "get /api/changes": { operationId: "listChanges", response: PageSchema.extend({ changes: z.array(Change) }) },
  "post /api/changes/:id/revert": editorWrite("revertChange", ChangeOnly),
  "post /api/import": {
    operationId: "importNetwork",
    response: z.looseObject({ dataset: z.string(), nodes: z.number(), edges: z.number() }),
    auth: true,
  },
  "get /api/datasets": { operationId: "listDatasets", response: PageSchema.extend({ datasets: z.array(Dataset) }) },
  "delete /api/datasets/:id": {
    operationId: "deleteDataset",
    response: z.object({
      dataset: z.string(),
      deleted: z.object({ entities: z.number(), relationships: z.number() }),
    }),
    auth: true,
  },
  "post /api/change-sets/proposal": editorWrite(
    "proposeChangeSet",
    z.object({
      file: z.string(),
      version: z.string().describe("The data version compared with; send it back to apply"),
      counts: z.record(z.string(), z.number().int()),
      otherDatasets: z
        .object({ entities: z.number().int(), relationships: z.number().int() })
        .describe("The file's elements that other datasets hold, left out of the comparison"),
      changes: z.array(ProposedChangeSchema),
    }),
  ),
  "post /api/change-sets/apply": editorWrite(
    "applyChangeSet",
    z.object({ applied: z.number().int(), changes: z.array(Change), dataVersion: z.string() }),
  ),
  "get /api/metrics": {
    operationId: "getMetrics",
    response: z.string().describe("Prometheus text exposition format"),
  },
  "get /api/openapi.json": {
    operationId: "getOpenApiDocument",
    response: z.looseObject({ openapi: z.string() }).describe("This document"),
  },
} as const satisfies Record<string, OperationInfo>;

export type Operation = keyof typeof OPERATIONS;
/** What an operation answers, as the explorer reads it. */
export type Answer<K extends Operation> = z.infer<(typeof OPERATIONS)[K]["response"]>;
