// Upserts issues. Params: $rows [{id, name, description}]
UNWIND $rows AS row
MERGE (i:Issue {id: row.id})
SET i.name = row.name, i.description = row.description
