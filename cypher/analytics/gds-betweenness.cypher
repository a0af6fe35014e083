// Exact betweenness (Brandes) on a projected graph, unnormalized, as parallel lists by internal node id, one row per
// 1,024 ids (a small message the driver reads from one buffer). Params: $graphName
CALL gds.betweenness.stream($graphName)
YIELD nodeId, score
RETURN nodeId / 1024 AS part, collect(nodeId) AS nodes, collect(score) AS values
