// Deletes one actor or partnership with all its relationships. Params: $id
MATCH (n:Entity {id: $id})
DETACH DELETE n
RETURN count(*) AS deleted
