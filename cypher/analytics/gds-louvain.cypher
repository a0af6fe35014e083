// Louvain on a projected graph whose relationships are the ties, undirected: parallel ties count as a tie weighted by
// their number does. Single-threaded so the same graph gives the same partition; the community of each node as parallel
// lists by internal node id, one row per 1,024 ids (a small message the driver reads from one buffer). Params:
// $graphName
CALL gds.louvain.stream($graphName, {concurrency: 1})
YIELD nodeId, communityId
RETURN nodeId / 1024 AS part, collect(nodeId) AS nodes, collect(communityId) AS values
