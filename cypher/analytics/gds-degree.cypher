// Degree on a projected graph: ties out (NATURAL), in (REVERSE) or both (UNDIRECTED), as two parallel lists by
// internal node id. Params: $graphName, $orientation
CALL gds.degree.stream($graphName, {orientation: $orientation})
YIELD nodeId, score
RETURN collect(nodeId) AS nodes, collect(score) AS values
