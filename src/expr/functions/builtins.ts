import { AGGREGATE_FUNCTIONS } from './aggregate.js';
import { CONDITIONAL_FUNCTIONS } from './conditional.js';
import { FunctionRegistry } from './FunctionRegistry.js';
import { MATH_FUNCTIONS } from './math.js';
import { REGEX_FUNCTIONS } from './regex.js';
import { STRING_FUNCTIONS } from './string.js';
import { TIME_FUNCTIONS } from './time.js';
import { WINDOW_FUNCTIONS } from './window.js';

/**
 * The registry every layer reads: the built-in functions, family by family.
 * The order is the order "did you mean" prefers between equally close names.
 */
export const FUNCTIONS = new FunctionRegistry([
  ...STRING_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...CONDITIONAL_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  ...WINDOW_FUNCTIONS,
]);
