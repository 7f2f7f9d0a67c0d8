/**
 * Event kinds: the model's whole vocabulary with the kernel (src/engine), which knows them only
 * as small integers. The model (model.ts) handles the first group; the control plane
 * (controls.ts) the second. An event of any other kind is a bug and throws.
 */

// The request path, and the start of measurement.
export const ARRIVAL = 0, WORK_DONE = 1, REACH = 2, TIMEOUT = 3, RETRY = 4, WARMUP = 7, EXPIRE = 12, REDELIVER = 13;

// Users (users.ts): a user's patience runs out; a user tries again after thinking.
export const PATIENCE = 15, RETHINK = 16;

// The control plane.
export const FAULT_ON = 5, FAULT_OFF = 6, POLICY_TICK = 9, AUTOSCALE = 10, INSTANCE_READY = 11, FAILOVER = 14;

/** Throws for an event kind nobody handles (a bug: every scheduled kind has a handler). */
export function unknownKind(kind: number): never {
  throw new Error(`model: unknown event kind ${kind}`);
}
