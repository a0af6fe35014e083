// Countries with their UN region, numeric code and centroid, for the map view and the country filter.
MATCH (c:Country)
RETURN c.id AS id, c.ccn3 AS ccn3, c.name AS name, c.region AS region, c.subregion AS subregion, c.lat AS lat, c.lng AS lng
ORDER BY c.name
