// Marks a change as reverted by a later one. Params: $id, $by
MATCH (c:Change {id: $id})
SET c.revertedBy = $by
