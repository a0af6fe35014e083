// Deletes a dataset's relationships that join actors of other datasets (its own actors' relationships go with
// them), a batch at a time; an import's staged relationships (between :Staged nodes) are left. Params: $dataset,
// $batch
MATCH (a)-[r]->()
WHERE r.dataset = $dataset AND NOT a:Staged
WITH r LIMIT $batch
DELETE r
RETURN count(*) AS deleted
