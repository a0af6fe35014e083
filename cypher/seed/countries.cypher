// Upserts countries. Params: $rows [{id, name, region, subregion, lat, lng}]
UNWIND $rows AS row
MERGE (c:Country {id: row.id})
SET c.name = row.name, c.region = row.region, c.subregion = row.subregion, c.lat = row.lat, c.lng = row.lng
