// Which of the given ids exist as actors or partnerships. Params: $ids
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id
