// Projects the whole network natively (every actor and partnership, every tie between them) under a name kept for
// the data version; $relationships says how (as stored, or as the simple undirected view weighted by tie counts).
// Params: $graphName, $relationships
CALL gds.graph.project($graphName, 'Entity', $relationships)
YIELD nodeCount, relationshipCount
RETURN nodeCount, relationshipCount
