// Total node and relationship counts (answered from Neo4j's count store), leaving out the nodes an import in
// progress has staged and their links. Params: none
CALL { MATCH (n) RETURN count(n) AS all }
CALL { MATCH (s:Staged) RETURN count(s) AS staged }
CALL { MATCH (:ImportRun) RETURN count(*) AS leases }
CALL { MATCH ()-[r]->() RETURN count(r) AS allRelationships }
CALL { MATCH (:Staged)-[r]->() RETURN count(r) AS stagedRelationships }
RETURN all - staged - leases AS nodes, allRelationships - stagedRelationships AS relationships
