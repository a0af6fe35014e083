// Records an imported dataset and bumps its data version. Params: $id, $name, $files, $user
MERGE (d:Dataset {id: $id})
SET d.name = $name, d.version = 'import ' + toString(date()), d.kind = 'import', d.files = $files,
    d.importedBy = $user, d.loadedAt = datetime(), d.dataVersion = coalesce(d.dataVersion, 0) + 1,
    d.versionToken = randomUUID()
RETURN d.dataVersion AS dataVersion
