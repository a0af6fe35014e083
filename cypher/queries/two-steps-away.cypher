// title: Two steps away, no direct tie
// description: Actors and partnerships two steps from an actor but not tied to it directly, with how many paths lead there.
// param actor: actor = unodc | The actor to start from
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (a:Entity {id: $actor})-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-(m:Entity)
      -[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-(c:Entity)
WHERE c <> a AND NOT (a)--(c)
RETURN c AS candidate, count(DISTINCT m) AS via, collect(DISTINCT m.name)[..5] AS through
ORDER BY via DESC, c.name
LIMIT $limit
