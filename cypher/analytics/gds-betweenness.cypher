// Exact betweenness (Brandes) on a projected graph, unnormalized, as two parallel lists by internal node id.
// Params: $graphName
CALL gds.betweenness.stream($graphName)
YIELD nodeId, score
RETURN collect(nodeId) AS nodes, collect(score) AS values
