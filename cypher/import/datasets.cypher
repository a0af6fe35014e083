// One page of the datasets, by id, each with its record and how many actors, partnerships and relationships it
// holds, and how many datasets there are. Params: $skip, $limit
MATCH (d:Dataset)
WITH d
ORDER BY d.id
WITH collect(d) AS ordered
CALL (ordered) {
  UNWIND ordered[$skip..$skip + $limit] AS d
  CALL (d) {
    MATCH (n:Entity {dataset: d.id})
    RETURN count(n) AS entities
  }
  CALL (d) {
    MATCH (:Entity {dataset: d.id})-[r]->(:Entity)
    WHERE r.dataset = d.id
    RETURN count(r) AS relationships
  }
  WITH d, entities, relationships
  ORDER BY d.id
  RETURN collect({id: d.id, name: d.name, version: d.version, kind: coalesce(d.kind, 'curated'), files: d.files,
                  importedBy: d.importedBy, loadedAt: toString(d.loadedAt), dataVersion: d.dataVersion,
                  entities: entities, relationships: relationships}) AS datasets
}
RETURN size(ordered) AS total, datasets
