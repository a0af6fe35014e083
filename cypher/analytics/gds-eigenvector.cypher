// Eigenvector centrality on a projected graph, ties unweighted, as two parallel lists by internal node id.
// Params: $graphName
CALL gds.eigenvector.stream($graphName, {maxIterations: 1000, tolerance: 1e-8})
YIELD nodeId, score
RETURN collect(nodeId) AS nodes, collect(score) AS values
