// The Web Worker entry: wiring only. The logic lives in api.ts.
import { expose } from 'comlink';
import { api } from './api.js';

expose(api);
