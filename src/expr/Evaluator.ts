import type { Row } from '../core/Schema.js';

/** A compiled expression: one closure per node, built once per query, called per row. */
export type Evaluator = (row: Row) => unknown;
