// Records one change: who, when, what, and the state before and after (JSON text; null for "did not exist").
// Params: $id, $user, $role, $action, $target, $dataset, $before, $after, $revertOf, $note
CREATE (c:Change {
  id: $id, at: datetime(), user: $user, role: $role, action: $action, target: $target, dataset: $dataset,
  before: $before, after: $after, revertOf: $revertOf, note: $note
})
RETURN c.id AS id, toString(c.at) AS at
