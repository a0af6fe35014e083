// Drops a projected graph from the GDS catalog (no error when it is already gone). Params: $graphName
CALL gds.graph.drop($graphName, false) YIELD graphName
RETURN graphName
