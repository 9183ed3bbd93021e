/**
 * The plugin's entry point, started by the engine through `PulumiPlugin.yaml`: serves every
 * Keyless component over the provider protocol and prints the port it listens on.
 *
 * @module
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { providerOptions } from "./plugin";

void componentProviderHost(providerOptions());
