// Bumps a dataset's data version after an edit, so caches of derived results are rebuilt. Params: $dataset
MERGE (d:Dataset {id: $dataset})
ON CREATE SET d.name = $dataset, d.version = 'edited'
SET d.editedAt = datetime(), d.dataVersion = coalesce(d.dataVersion, 0) + 1, d.versionToken = randomUUID()
RETURN d.dataVersion AS dataVersion
