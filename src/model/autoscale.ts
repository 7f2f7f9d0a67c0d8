import type { AutoscaleSpec } from '../scenario/types.js';
import { EPS } from './tolerance.js';

/**
 * The autoscaler of one service (Kubernetes HPA-like). The model calls `evaluate` every
 * `evaluateMs` and applies the change it returns; the autoscaler never schedules anything.
 *
 * desired = ceil(current · utilization / target), clamped to [min, max], where `current` counts
 * running and starting instances. A positive answer +k means: start k instances now, and call
 * `ready(k)` when they have started (after `startupMs`). A negative answer −k means: remove k
 * running instances now. After any scaling action, both directions wait `cooldownMs`; scale-down
 * also waits while instances are still starting (so it never has to cancel a start).
 */
export class Autoscaler {
  /** Instances serving. */
  running: number;
  /** Instances started and paid for but not yet serving. */
  starting = 0;
  private lastAction = -Infinity;

  constructor(readonly spec: AutoscaleSpec, initialInstances: number) {
    this.running = initialInstances;
  }

  /**
   * The change in instances to apply at `now`, given the utilization (0..1, busy workers over
   * the workers of running instances) measured over the last evaluation period. 0 during the
   * cooldown, when already at the desired count, or when `utilization` is not a number.
   */
  evaluate(now: number, utilization: number): number {
    if (now - this.lastAction < this.spec.cooldownMs || !(utilization >= 0)) return 0;
    const current = this.running + this.starting;
    const wanted = Math.ceil(current * utilization / this.spec.target - EPS);
    const desired = Math.min(this.spec.max, Math.max(this.spec.min, wanted));
    let delta = desired - current;
    if (delta < 0 && this.starting > 0) return 0;
    if (delta < 0) delta = Math.max(delta, -this.running);
    if (delta === 0) return 0;
    if (delta > 0) this.starting += delta;
    else this.running += delta;
    this.lastAction = now;
    return delta;
  }

  /** `k` starting instances became ready (the model's startup delay elapsed). */
  ready(k: number): void {
    const n = Math.min(k, this.starting);
    this.starting -= n;
    this.running += n;
  }
}
