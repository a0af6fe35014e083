// What the data version is made of: each dataset's counter and the random token its last load or edit wrote
// (older databases without a token fall back to the load and edit times).
MATCH (d:Dataset)
RETURN d.id AS id, d.dataVersion AS dataVersion,
       coalesce(d.versionToken, toString(d.loadedAt) + '/' + coalesce(toString(d.editedAt), '')) AS token
ORDER BY d.id
