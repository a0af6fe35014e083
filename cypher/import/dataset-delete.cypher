// Removes a dataset's record (its entities are deleted first). Params: $id
MATCH (d:Dataset {id: $id})
DELETE d
