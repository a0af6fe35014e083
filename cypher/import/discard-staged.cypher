// Deletes a batch of staged nodes: of one import run, or when $run is null the leftovers of crashed imports.
// Params: $run, $batch
MATCH (n:Staged)
WHERE ($run IS NULL AND n.stagedAt < datetime() - duration('PT6H')) OR n.stageRun = $run
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
