// The datasets loaded, with their versions and data versions (caches key on the latter).
MATCH (d:Dataset)
RETURN d.id AS id, d.name AS name, d.version AS version, d.dataVersion AS dataVersion, toString(d.loadedAt) AS loadedAt
ORDER BY d.id
