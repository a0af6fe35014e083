// Entity and relationship counts of one dataset, for checks after a load. Params: $dataset
CALL {
  MATCH (n:Entity {dataset: $dataset})
  RETURN count(n) AS entities
}
CALL {
  MATCH (:Entity)-[r]->(:Entity)
  WHERE r.dataset = $dataset
  RETURN count(r) AS relationships
}
RETURN entities, relationships
