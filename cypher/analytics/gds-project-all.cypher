// Projects the whole network natively (every actor and partnership, the ties between them) under a name kept for
// the data version; $relationships says how (each relationship type under its own name with the tie's years, as
// stored or undirected, or the simple undirected view weighted by tie counts). Params: $graphName, $relationships
CALL gds.graph.project($graphName, 'Entity', $relationships)
YIELD nodeCount, relationshipCount
RETURN nodeCount, relationshipCount
