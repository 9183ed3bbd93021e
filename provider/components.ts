/**
 * The components the provider serves to every Pulumi language. Each is served as
 * `keyless:index:<ClassName>`, with a schema the analyzer infers from its TypeScript argument types.
 *
 * @module
 */
import * as keyless from "../sdk";

/** Every component the provider serves; adding one is one entry here. */
export const components = [keyless.Identity, keyless.AzureFederatedIdentity] as const;
