// The community of every node of a projected graph, as gds-louvain left it. Params: $graphName
CALL gds.graph.nodeProperty.stream($graphName, 'community')
YIELD nodeId, propertyValue
MATCH (n:Entity) WHERE id(n) = nodeId
RETURN n.id AS id, propertyValue AS community
