/** Every error and log message of the nosql category, in one place. */
export const NOSQL_MESSAGES = {
  unknownOperator: (operator: string, path: string, valid: readonly string[]) =>
    `Unknown query operator '${operator}'${path ? ` on field '${path}'` : ''}; valid operators: ${valid.join(', ')}`,
  mixedOperatorObject: (path: string) =>
    `Query on field '${path}' mixes operators ($...) and plain keys; use either { $op: value } or a whole value to compare`,
  forbiddenKey: (where: string, key: string) =>
    `${where}: the key '${key}' is not allowed (__proto__, constructor and prototype are refused)`,
  invalidFieldPath: (path: string, why: string) => `Invalid field path '${path}': ${why}`,
  queryNotObject: () => 'A query must be a plain object such as { age: { $gte: 18 } }',
  undefinedValue: (path: string) =>
    `Query on field '${path}' compares with undefined, which is not a JSON value; use null or { $exists: false }`,
  rangeOperand: (operator: string, path: string) =>
    `Operator ${operator} on field '${path}' needs a number, a string or a Date`,
  listOperand: (operator: string, path: string) => `Operator ${operator} on field '${path}' needs an array of values`,
  existsOperand: (path: string) => `Operator $exists on field '${path}' needs true or false`,
  nonFiniteNumber: (where: string) => `${where}: numbers must be finite (NaN and Infinity are not JSON)`,
  notJsonValue: (where: string, what: string) =>
    `${where}: ${what} is not a JSON value (use plain objects, arrays, strings, finite numbers, booleans, null or Dates)`,
  tooDeep: (where: string, max: number) => `${where}: the value nests deeper than ${max} levels`,
  nulCharacter: (where: string) => `${where}: strings containing the NUL character (\\u0000) cannot be stored`,
  invalidSort: (path: string) => `Sort on field '${path}' must be 1 (ascending) or -1 (descending)`,
  invalidLimit: (name: string, value: unknown) => `Option '${name}' must be a non-negative integer, got ${String(value)}`,
  updateNotObject: () => 'An update must be an object such as { $set: { name: "x" } }',
  unknownUpdateOperator: (operator: string, valid: readonly string[]) =>
    `Unknown update operator '${operator}'; valid operators: ${valid.join(', ')}`,
  emptyUpdate: (valid: readonly string[]) => `An update needs at least one field under ${valid.join(', ')}`,
  updateOperand: (operator: string) => `Update operator ${operator} needs an object of { "field.path": value }`,
  incOperand: (path: string) => `$inc on field '${path}' needs a finite number`,
  incTarget: (path: string, actual: string) => `$inc on field '${path}' cannot add to a ${actual}`,
  updateId: () => 'An update cannot change or remove _id',
  updateConflict: (a: string, b: string) => `Update paths '${a}' and '${b}' overlap; change each field once per update`,
  updateThroughScalar: (path: string, segment: string) =>
    `Cannot update '${path}': '${segment}' holds a value that is not an object or array`,
  updateArrayIndex: (path: string, segment: string) =>
    `Cannot update '${path}': '${segment}' is not a valid index into an array`,
  concurrentUpdate: (collection: string, attempts: number) =>
    `Update on collection '${collection}' gave up after ${attempts} rounds: other writers kept changing the same documents`,
  documentNotObject: () => 'A document must be a plain object',
  invalidId: (id: unknown) => `_id must be a non-empty string, got ${JSON.stringify(id) ?? String(id)}`,
  invalidDocumentKey: (key: string, why: string) => `Invalid document key '${key}': ${why}`,
  duplicateId: (collection: string, id: string) =>
    `A document with _id '${id}' already exists in collection '${collection}'`,
  invalidCollectionName: (name: string) =>
    `Invalid collection name '${name}': use 1-120 characters among letters, digits, '_', '-' and '.'`,
  invalidTableName: (name: string) =>
    `Invalid PostgreSQL table name '${name}': use letters, digits and '_' (optionally 'schema.table')`,
  notConnected: (adapter: string) => `The ${adapter} nosql adapter is not connected; call connect() first`,
  connectFailed: (adapter: string, target: string, cause: string) =>
    `The ${adapter} nosql adapter cannot connect to ${target}: ${cause}`,
  pingTimeout: (adapter: string, target: string, ms: number) =>
    `The ${adapter} nosql adapter got no answer from ${target} within ${ms} ms`,
  poolError: (cause: string) => `PostgreSQL pool error (the pool reconnects on the next query): ${cause}`,
} as const;
