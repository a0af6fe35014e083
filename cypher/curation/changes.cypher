// One page of the change history, newest first, optionally for one entity or relationship (target), and how many
// changes the history holds. Params: $target, $skip, $limit
MATCH (c:Change)
WHERE $target IS NULL OR c.target = $target OR c.target STARTS WITH $target + '-' OR c.target ENDS WITH '->' + $target
WITH c
ORDER BY c.at DESC, c.id
WITH collect(c) AS ordered
RETURN size(ordered) AS total,
       [c IN ordered[$skip..$skip + $limit] | c { .id, at: toString(c.at), .user, .role, .action, .target, .dataset,
                                              .before, .after, .revertOf, .revertedBy, .note }] AS changes
