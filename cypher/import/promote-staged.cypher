// Turns a batch of an import's :Staged nodes into actors and partnerships (labels from their kind and roles).
// Run repeatedly inside the promoting transaction until it returns 0. Params: $run, $batch
MATCH (n:Staged {stageRun: $run})
WITH n LIMIT $batch
REMOVE n:Staged
SET n:Entity
FOREACH (_ IN CASE WHEN n.stageKind = 'Actor' THEN [1] ELSE [] END | SET n:Actor)
FOREACH (_ IN CASE WHEN n.stageKind = 'Partnership' THEN [1] ELSE [] END | SET n:Partnership)
FOREACH (_ IN CASE WHEN 'Organization' IN n.stageRoles THEN [1] ELSE [] END | SET n:Organization)
FOREACH (_ IN CASE WHEN 'Funder' IN n.stageRoles THEN [1] ELSE [] END | SET n:Funder)
FOREACH (_ IN CASE WHEN 'Government' IN n.stageRoles THEN [1] ELSE [] END | SET n:Government)
REMOVE n.stageRun, n.stageKey, n.stageKind, n.stageRoles, n.stagedAt
RETURN count(*) AS promoted
