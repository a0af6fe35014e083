// The change history, newest first, optionally for one entity or relationship (target). Params: $target, $skip, $limit
MATCH (c:Change)
WHERE $target IS NULL OR c.target = $target OR c.target STARTS WITH $target + '-' OR c.target ENDS WITH '->' + $target
RETURN c.id AS id, toString(c.at) AS at, c.user AS user, c.role AS role, c.action AS action, c.target AS target,
       c.dataset AS dataset, c.before AS before, c.after AS after, c.revertOf AS revertOf,
       c.revertedBy AS revertedBy, c.note AS note
ORDER BY c.at DESC, c.id
SKIP $skip
LIMIT $limit
