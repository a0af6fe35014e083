// Degree on a projected graph: ties out (NATURAL), in (REVERSE) or both (UNDIRECTED).
// Params: $graphName, $orientation
CALL gds.degree.stream($graphName, {orientation: $orientation})
YIELD nodeId, score
MATCH (n:Entity) WHERE id(n) = nodeId
RETURN n.id AS id, score AS value
