// What the data version is made of: each dataset's counter and the random token its last load or edit wrote
// (older databases without a token: the load and edit times stand in for it).
MATCH (d:Dataset)
RETURN d.id AS id, d.dataVersion AS dataVersion, d.versionToken AS token, toString(d.loadedAt) AS loadedAt,
       toString(d.editedAt) AS editedAt
ORDER BY d.id
