/**
 * The Keyless multi-language component provider: the components it serves and how its schema is
 * generated. The plugin's entry point is `main.ts`; the policy pack lives in `policy/`.
 *
 * @module
 */
export { components } from "./components";
export { generateSchema, PACKAGE_NAME, pluginDirectory, providerOptions } from "./plugin";
