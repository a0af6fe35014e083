// Deletes one relationship, by type and endpoints. Params: $type, $source, $target
MATCH (a:Entity {id: $source})-[r]->(b:Entity {id: $target})
WHERE type(r) = $type
DELETE r
RETURN count(*) AS deleted
