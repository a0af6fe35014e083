// Exact betweenness (Brandes) on a projected graph, unnormalized. Params: $graphName
CALL gds.betweenness.stream($graphName)
YIELD nodeId, score
MATCH (n:Entity) WHERE id(n) = nodeId
RETURN n.id AS id, score AS value
