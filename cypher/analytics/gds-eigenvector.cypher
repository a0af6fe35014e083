// Eigenvector centrality on a projected graph, ties unweighted, as parallel lists by internal node id, one row per
// 1,024 ids (a small message the driver reads from one buffer). Params: $graphName
CALL gds.eigenvector.stream($graphName, {maxIterations: 1000, tolerance: 1e-8})
YIELD nodeId, score
RETURN nodeId / 1024 AS part, collect(nodeId) AS nodes, collect(score) AS values
