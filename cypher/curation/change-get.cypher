// One change record. Params: $id
MATCH (c:Change {id: $id})
RETURN c.id AS id, toString(c.at) AS at, c.user AS user, c.action AS action, c.target AS target,
       c.dataset AS dataset, c.before AS before, c.after AS after, c.revertedBy AS revertedBy
