// Every dataset with its record and how many actors, partnerships and relationships it holds.
MATCH (d:Dataset)
CALL {
  WITH d
  MATCH (n:Entity {dataset: d.id})
  RETURN count(n) AS entities
}
CALL {
  WITH d
  MATCH (:Entity {dataset: d.id})-[r]->(:Entity)
  WHERE r.dataset = d.id
  RETURN count(r) AS relationships
}
RETURN d.id AS id, d.name AS name, d.version AS version, coalesce(d.kind, 'curated') AS kind, d.files AS files,
       d.importedBy AS importedBy, toString(d.loadedAt) AS loadedAt, d.dataVersion AS dataVersion, entities,
       relationships
ORDER BY d.id
