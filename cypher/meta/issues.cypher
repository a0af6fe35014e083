// The issues actors may work on, with their names, for pickers that show names rather than ids.
MATCH (i:Issue)
RETURN i.id AS id, i.name AS name, i.description AS description
ORDER BY i.name
