// Projects a scope's simple undirected view from lists of internal node ids and tie counts (read from the analytics
// snapshot; a node without ties has a null target), without reading the store. Params: $graphName, $source,
// $target, $weight
UNWIND range(0, size($source) - 1) AS k
WITH gds.graph.project($graphName, toInteger($source[k]), toInteger($target[k]),
       {relationshipProperties: {weight: toFloat($weight[k])}}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodeCount, g.relationshipCount AS relationshipCount
