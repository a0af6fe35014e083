// The running transactions that carry a console request's tag in their metadata. Params: $tag
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData.atlasConsole = $tag
RETURN transactionId
