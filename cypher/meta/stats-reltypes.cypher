// Relationship counts by type, leaving out the links of nodes an import in progress has staged. Params: none
MATCH (a)-[r]->()
WHERE NOT a:Staged
RETURN type(r) AS type, count(*) AS count
ORDER BY count DESC, type
