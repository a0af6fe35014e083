// Deletes a batch of nodes of any kind, with their relationships (used by --reset). Params: $batch
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
