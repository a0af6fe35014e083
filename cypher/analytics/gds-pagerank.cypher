// PageRank on a projected graph, scores scaled to sum to 1 (as the memory engine's), as parallel lists by internal node
// id, one row per 1,024 ids (a small message the driver reads from one buffer). Params: $graphName
CALL gds.pageRank.stream($graphName, {dampingFactor: 0.85, maxIterations: 200, tolerance: 1e-9, scaler: 'L1Norm'})
YIELD nodeId, score
RETURN nodeId / 1024 AS part, collect(nodeId) AS nodes, collect(score) AS values
