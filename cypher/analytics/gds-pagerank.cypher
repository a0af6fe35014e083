// PageRank on a projected graph, scores scaled to sum to 1 (as the graphology engine's). Params: $graphName
CALL gds.pageRank.stream($graphName, {dampingFactor: 0.85, maxIterations: 200, tolerance: 1e-9, scaler: 'L1Norm'})
YIELD nodeId, score
MATCH (n:Entity) WHERE id(n) = nodeId
RETURN n.id AS id, score AS value
