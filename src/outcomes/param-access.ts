/**
 * How a sweep reads and sets one field of a scenario file's text: src/scenario/param.ts, behind
 * an interface so tests can stand in for it.
 */
import type { ParseOptions, ParseResult } from '../scenario/parse.js';
import { readParam, setParam } from '../scenario/param.js';

export interface ParamAccess {
  /** The text with the field at `path` set to `value`, parsed and checked (problems located in the file, or at `--param PATH`). */
  setParam(text: string, path: string, value: string | number, file: string, options?: ParseOptions): ParseResult;
  /** The field's value as written (a number, a string like `30/s`), or undefined when absent. */
  readParam(text: string, path: string): unknown;
}

export const paramAccess: ParamAccess = { readParam, setParam };
