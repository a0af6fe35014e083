// Deletes a batch of staged nodes: of one import run, or when $run is null those of runs whose server stopped
// renewing their lease (it crashed or was killed) at least $staleSeconds ago. Params: $run, $batch, $staleSeconds
MATCH (n:Staged)
WHERE n.stageRun = $run
   OR ($run IS NULL AND NOT EXISTS {
         MATCH (r:ImportRun {id: n.stageRun})
         WHERE r.heartbeat > datetime() - duration({seconds: $staleSeconds})
       })
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
