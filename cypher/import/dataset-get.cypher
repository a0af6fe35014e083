// One dataset record, or none. Params: $id
MATCH (d:Dataset {id: $id})
RETURN d.id AS id
