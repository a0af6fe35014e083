// PageRank on a projected graph, scores scaled to sum to 1 (as the memory engine's), as two parallel lists by
// internal node id. Params: $graphName
CALL gds.pageRank.stream($graphName, {dampingFactor: 0.85, maxIterations: 200, tolerance: 1e-9, scaler: 'L1Norm'})
YIELD nodeId, score
RETURN collect(nodeId) AS nodes, collect(score) AS values
