// Louvain on a projected graph, ties weighted, single-threaded so the same graph gives the same partition; the
// communities are kept on the projected graph (property 'community', not in the database). Params: $graphName
CALL gds.louvain.mutate($graphName, {mutateProperty: 'community', relationshipWeightProperty: 'weight', concurrency: 1})
YIELD modularity, communityCount
RETURN modularity, communityCount
