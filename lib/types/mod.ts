/**
 * The Kubernetes and Gateway API object types used across the project.
 *
 * @module
 */
export * from "./meta.ts";
export * from "./core.ts";
export * from "./gateway_api.ts";
