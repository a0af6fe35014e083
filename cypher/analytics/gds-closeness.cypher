// Harmonic closeness on a projected graph, as two parallel lists by internal node id. Params: $graphName
CALL gds.closeness.harmonic.stream($graphName)
YIELD nodeId, score
RETURN collect(nodeId) AS nodes, collect(score) AS values
