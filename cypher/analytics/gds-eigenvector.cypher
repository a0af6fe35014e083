// Eigenvector centrality on a projected graph, ties unweighted. Params: $graphName
CALL gds.eigenvector.stream($graphName, {maxIterations: 1000, tolerance: 1e-8})
YIELD nodeId, score
MATCH (n:Entity) WHERE id(n) = nodeId
RETURN n.id AS id, score AS value
