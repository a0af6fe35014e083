// The actors and partnerships of one dataset with their labels and properties, to compare an edited network file
// with. Params: $dataset
MATCH (n:Entity)
WHERE n.dataset = $dataset
RETURN [l IN labels(n) WHERE l <> 'Entity'] AS labels, properties(n) AS props
