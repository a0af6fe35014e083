// Takes or renews the lease of an import run that is staging nodes: while it is fresh, no server deletes the run's
// staged nodes as the leftovers of a crash. Params: $run
MERGE (r:ImportRun {id: $run})
SET r.heartbeat = datetime()
RETURN r.id AS id
