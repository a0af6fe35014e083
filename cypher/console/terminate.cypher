// Stops the given transactions (a console query the API gave up on). Params: $ids
TERMINATE TRANSACTIONS $ids
YIELD transactionId, message
RETURN transactionId, message
