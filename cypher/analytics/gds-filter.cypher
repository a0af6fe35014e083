// A subgraph projection of a kept projection, made inside GDS without reading the store: every node, and the ties
// the relationship filter keeps (a GDS filter expression over relationship types). Params: $graphName,
// $fromGraphName, $filter
CALL gds.graph.filter($graphName, $fromGraphName, '*', $filter)
YIELD nodeCount, relationshipCount
RETURN nodeCount, relationshipCount
