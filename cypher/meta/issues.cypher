// The issues actors work on, with their names (the valid values of the `issue` filter and of library parameters),
// for pickers that show names rather than ids.
MATCH (i:Issue)
RETURN i.id AS id, coalesce(i.name, i.id) AS name, i.description AS description
ORDER BY name
