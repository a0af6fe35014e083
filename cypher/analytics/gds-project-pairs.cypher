// Projects a scope's subgraph from lists of internal node ids (the scope's ties, read from the analytics snapshot;
// a node without ties has a null target), without reading the store; the ties directed, or each one undirected.
// Params: $graphName, $source, $target, $undirected
UNWIND range(0, size($source) - 1) AS k
WITH gds.graph.project($graphName, toInteger($source[k]), toInteger($target[k]), {},
       {undirectedRelationshipTypes: CASE WHEN $undirected THEN ['*'] ELSE [] END}) AS g
RETURN g.nodeCount AS nodeCount, g.relationshipCount AS relationshipCount
