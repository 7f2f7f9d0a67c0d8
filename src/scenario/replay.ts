/**
 * Reads the CSV files that `replay` load items name, through a reader the caller supplies
 * (load-file.ts reads them next to the scenario file; a browser has none). Problems in a CSV
 * are placed in that file; a file that cannot be read is a problem at its name in the YAML.
 */
import { parseRateCsv, type CsvResult, type RatePoint } from './csv.js';
import { isMap } from './messages.js';
import { describeValue } from './units.js';
import type { Draft } from './yaml-tree.js';

/** Returns a file's text by its path relative to the scenario file, or undefined if it cannot. */
export type FileReader = (relativePath: string) => string | undefined;

/**
 * The points of every replay in `data` (plain data from the YAML) whose file was read and is
 * valid, by load index, and the problems of the rest. `file` is the scenario's own name, used
 * to name the CSV files in problems (relative to the same folder).
 */
export function readReplays(data: unknown, file: string, readFile: FileReader | undefined): { points: Map<number, RatePoint[]>; drafts: Draft[] } {
  const points = new Map<number, RatePoint[]>();
  const drafts: Draft[] = [];
  const parsed = new Map<string, CsvResult | undefined>();
  const load = isMap(data) && Array.isArray(data.load) ? data.load : [];
  load.forEach((item: unknown, index) => {
    const replay = isMap(item) && isMap(item.replay) ? item.replay : undefined;
    const name = replay?.file;
    if (typeof name !== 'string' || name.trim() === '') return;
    const path = ['load', index, 'replay', 'file'];
    if (readFile === undefined) {
      const message = `cannot be read here: replay files are read only when the scenario is opened from a file`;
      drafts.push({ path, at: 'value', message, expected: 'run it with the brownout command, or use spike, step, ramp or daily load' });
      return;
    }
    const seen = parsed.has(name.trim());
    const result = seen ? parsed.get(name.trim()) : readCsv(readFile, name.trim());
    parsed.set(name.trim(), result);
    if (result === undefined) {
      const message = `cannot find or read the file ${describeValue(name.trim())}`;
      drafts.push({ path, at: 'value', message, expected: 'a CSV file, named relative to the scenario file\'s folder' });
    } else if (result.ok) points.set(index, result.points);
    else if (!seen) drafts.push(...csvDrafts(result.problems, siblingPath(file, name.trim())));
  });
  return { points: points, drafts };
}

function readCsv(readFile: FileReader, name: string): CsvResult | undefined {
  const text = readFile(name);
  return text === undefined ? undefined : parseRateCsv(text);
}

function csvDrafts(problems: Extract<CsvResult, { ok: false }>['problems'], csvFile: string): Draft[] {
  return problems.map((p) => ({
    path: p.column === '' ? [] : [p.column],
    at: 'value',
    message: p.message,
    ...(p.expected === undefined ? {} : { expected: p.expected }),
    source: { file: csvFile, line: p.line, col: p.col },
  }));
}

/** `dir/scenario.yaml` + `rates.csv` → `dir/rates.csv`; absolute names stay as they are. */
export function siblingPath(file: string, name: string): string {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) return name;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? name : `${file.slice(0, slash + 1)}${name}`;
}
