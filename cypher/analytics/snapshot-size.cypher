// How large the analytics snapshot of the network would be (from Neo4j's count store: ties are counted with the
// facet relationships, an upper bound).
CALL { MATCH (n:Entity) RETURN count(n) AS nodes }
CALL { MATCH ()-[r]->() RETURN count(r) AS ties }
RETURN nodes, ties
