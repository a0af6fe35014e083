// Deletes every entity of one dataset (and their relationships), a batch at a time. Params: $dataset, $batch
MATCH (n:Entity {dataset: $dataset})
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
