// Louvain on a projected graph, ties weighted, single-threaded so the same graph gives the same partition; the
// community of each node as two parallel lists by internal node id. Params: $graphName
CALL gds.louvain.stream($graphName, {relationshipWeightProperty: 'weight', concurrency: 1})
YIELD nodeId, communityId
RETURN collect(nodeId) AS nodes, collect(communityId) AS values
