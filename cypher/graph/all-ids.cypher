// Every actor and partnership id (for the whole-network layout), in a stable order.
MATCH (n:Entity)
RETURN n.id AS id
ORDER BY id
