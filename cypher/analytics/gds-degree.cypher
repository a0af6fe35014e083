// Degree on a projected graph: ties out (NATURAL), in (REVERSE) or both (UNDIRECTED), as parallel lists by internal
// node id, one row per 1,024 ids (a small message the driver reads from one buffer). Params: $graphName, $orientation
CALL gds.degree.stream($graphName, {orientation: $orientation})
YIELD nodeId, score
RETURN nodeId / 1024 AS part, collect(nodeId) AS nodes, collect(score) AS values
