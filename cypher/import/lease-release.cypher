// Gives back the lease of an import run (finished or failed), and any lease nobody renewed for $staleSeconds.
// Params: $run, $staleSeconds
MATCH (r:ImportRun)
WHERE r.id = $run OR r.heartbeat <= datetime() - duration({seconds: $staleSeconds})
DELETE r
RETURN count(*) AS released
