/**
 * Merging shard documents back into the whole experiment's samples: they must come from the
 * same experiment (same producer, scenario hash, seeds, arms and parameter spec) and cover
 * every shard 1..N exactly once. What it returns is exactly what one machine would have had,
 * so the report built from it is identical to the unsharded one, bit for bit.
 */
import { ExperimentError } from './errors.js';
import { samplesByArm } from './experiment.js';
import { SHARD_FORMAT, type ShardDocument } from './shard.js';
import type { Samples } from './experiment-types.js';

export interface Merged {
  first: ShardDocument;
  /** Each arm's samples, replications in seed order. */
  byArm: Samples[][];
}

/** Checks and merges shard documents, each given with the name it is reported by (its file). */
export function mergeShards(shards: { name: string; text: string }[]): Merged {
  if (shards.length === 0) throw new ExperimentError('merge needs at least one shard file');
  const docs = shards.map(({ name, text }) => ({ name, doc: readShard(name, text) }));
  const { name: firstName, doc: first } = docs[0];
  const identity = (d: ShardDocument) => JSON.stringify([d.producer, d.spec, d.shard.n, d.text ?? null]);
  const byK = new Map<number, string>();
  for (const { name, doc } of docs) {
    if (identity(doc) !== identity(first)) throw new ExperimentError(`${name} does not belong with ${firstName}: ${difference(doc, first)}`);
    const twice = byK.get(doc.shard.k);
    if (twice !== undefined) throw new ExperimentError(`shard ${doc.shard.k}/${doc.shard.n} is given twice (${twice} and ${name})`);
    byK.set(doc.shard.k, name);
  }
  const missing = Array.from({ length: first.shard.n }, (_, i) => i + 1).filter((k) => !byK.has(k));
  if (missing.length > 0) {
    throw new ExperimentError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${first.shard.n}`).join(', ')} missing: merge needs all ${first.shard.n}`);
  }
  for (const { name, doc } of docs) {
    if (doc.items.some((item) => item.index % doc.shard.n !== doc.shard.k - 1)) throw new ExperimentError(`${name} holds work items of another shard`);
  }
  return { first, byArm: samplesByArm(first.spec, docs.flatMap(({ doc }) => doc.items)) };
}

/** Parses one shard file, with null metrics (non-finite values in JSON) back to NaN. */
function readShard(name: string, text: string): ShardDocument {
  let doc: ShardDocument;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ExperimentError(`${name} is not a shard file (not JSON); shard files are written by run, compare or sweep with --shard K/N`);
  }
  const ok = doc && doc.format === SHARD_FORMAT && doc.spec && Array.isArray(doc.spec.arms) && Array.isArray(doc.items) &&
    doc.shard && Number.isInteger(doc.shard.k) && Number.isInteger(doc.shard.n);
  if (!ok) throw new ExperimentError(`${name} is not a ${SHARD_FORMAT} file; shard files are written by run, compare or sweep with --shard K/N`);
  for (const item of doc.items) {
    for (const key of Object.keys(item.metrics)) if (item.metrics[key] === null) item.metrics[key] = NaN;
  }
  return doc;
}

/** Says in words how a shard's identity differs from the first one's. */
function difference(a: ShardDocument, b: ShardDocument): string {
  if (a.producer !== b.producer) return `made by ${a.producer}, not ${b.producer}`;
  if (a.spec.kind !== b.spec.kind) return `a ${a.spec.kind} shard, not ${b.spec.kind}`;
  if (a.spec.scenarioHash !== b.spec.scenarioHash || a.text !== b.text) return `another scenario text (hash ${a.spec.scenarioHash}, not ${b.spec.scenarioHash})`;
  if (a.shard.n !== b.shard.n) return `split ${a.shard.n} ways, not ${b.shard.n}`;
  if (JSON.stringify(a.spec.seeds) !== JSON.stringify(b.spec.seeds)) return `other seeds (${span(a.spec.seeds)}, not ${span(b.spec.seeds)})`;
  if (a.spec.param !== b.spec.param) return `another parameter (${a.spec.param}, not ${b.spec.param})`;
  if (JSON.stringify(a.spec.arms) !== JSON.stringify(b.spec.arms)) return `other arms (${a.spec.arms.join(', ')}, not ${b.spec.arms.join(', ')})`;
  return `another experiment (scenario "${a.spec.scenario}", ${a.spec.runs} runs; not "${b.spec.scenario}", ${b.spec.runs} runs)`;
}

const span = (seeds: number[]) => (seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}..${seeds[seeds.length - 1]}`);
