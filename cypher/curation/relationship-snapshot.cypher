// One relationship's properties, by type and endpoints. Params: $type, $source, $target
MATCH (a:Entity {id: $source})-[r]->(b:Entity {id: $target})
WHERE type(r) = $type
RETURN properties(r) AS props
