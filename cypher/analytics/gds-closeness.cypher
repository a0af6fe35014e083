// Harmonic closeness on a projected graph, as parallel lists by internal node id, one row per 1,024 ids (a small
// message the driver reads from one buffer). Params: $graphName
CALL gds.closeness.harmonic.stream($graphName)
YIELD nodeId, score
RETURN nodeId / 1024 AS part, collect(nodeId) AS nodes, collect(score) AS values
