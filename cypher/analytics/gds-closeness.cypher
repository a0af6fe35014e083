// Harmonic closeness on a projected graph. Params: $graphName
CALL gds.closeness.harmonic.stream($graphName)
YIELD nodeId, score
MATCH (n:Entity) WHERE id(n) = nodeId
RETURN n.id AS id, score AS value
