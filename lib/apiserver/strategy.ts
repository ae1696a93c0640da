/**
 * Per-kind write strategies: what the server fills in, resets and rejects on create and update, in
 * the spirit of kube-apiserver's `rest.RESTCreateStrategy`/`RESTUpdateStrategy`.
 *
 * @module
 */
import type { FieldError } from "./errors.ts";
import type { ServiceAllocator } from "./service_allocator.ts";
import type { KubeObject, ResourceType, Validator } from "./types.ts";

/** What a strategy may use. */
export interface StrategyContext {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Cluster IP and node port allocation. */
  services: ServiceAllocator;
  /** CEL-equivalent validators of custom kinds, by kind. */
  customValidators: Record<string, Validator>;
}

/** Per-kind behaviour on writes. */
export interface Strategy {
  /** Fills defaults and server-owned fields of a new object (in place). */
  prepareCreate?(obj: KubeObject, type: ResourceType, ctx: StrategyContext): void;
  /** Carries server-owned fields over from the stored object (in place). */
  prepareUpdate?(obj: KubeObject, old: KubeObject, type: ResourceType, ctx: StrategyContext): void;
  /** Kind-specific validation, after metadata validation. */
  validate?(
    obj: KubeObject,
    old: KubeObject | undefined,
    type: ResourceType,
    ctx: StrategyContext,
  ): FieldError[];
  /** Called after an object is gone for good (releases allocations). */
  released?(obj: KubeObject, ctx: StrategyContext): void;
}
