// The projected graphs in the GDS catalog whose names start with a prefix. Params: $prefix
CALL gds.graph.list() YIELD graphName
WITH graphName WHERE graphName STARTS WITH $prefix
RETURN collect(graphName) AS names
