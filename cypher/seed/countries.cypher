// Upserts countries. Params: $rows [{id, ccn3, name, region, subregion, lat, lng}]
UNWIND $rows AS row
MERGE (c:Country {id: row.id})
SET c.name = row.name, c.ccn3 = row.ccn3, c.region = row.region, c.subregion = row.subregion, c.lat = row.lat, c.lng = row.lng
