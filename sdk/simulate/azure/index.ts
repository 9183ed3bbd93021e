/**
 * The Azure evaluator: federated identity credentials, exact and flexible. Pure: no Azure SDK, no
 * I/O.
 *
 * @module
 */
export { evaluateAzureCredentials } from "./evaluate-credentials";
export type { AzureCredential } from "./evaluate-credentials";
export { parseClaimsExpression, termHolds } from "./expression";
export type { ExpressionTerm, ParsedExpression } from "./expression";
