import { decimal, type SqlType } from './SqlType.js';

/**
 * Result types of DECIMAL arithmetic and aggregates, Spark's rules
 * (DecimalPrecision, with spark.sql.decimalOperations.allowPrecisionLoss on):
 * the result holds every digit the operands can produce, up to 38, and beyond 38
 * keeps the integer digits and gives up fraction digits down to 6.
 */
export const MAX_PRECISION = 38;
const MIN_ADJUSTED_SCALE = 6;

/** INT and BIGINT as the decimals that hold all their values; a DECIMAL as itself; undefined for anything else. */
export function asDecimalType(t: SqlType): SqlType | undefined {
  switch (t.kind) {
    case 'INT':
      return decimal(10, 0);
    case 'BIGINT':
      return decimal(20, 0);
    case 'DECIMAL':
      return t;
    default:
      return undefined;
  }
}

const precisionOf = (t: SqlType) => t.precision ?? MAX_PRECISION;
const scaleOf = (t: SqlType) => t.scale ?? 0;

/** DECIMAL(p, s) brought within 38 digits, keeping the integer digits first. */
function adjusted(precision: number, scale: number): SqlType {
  if (precision <= MAX_PRECISION) return decimal(precision, scale);
  const integerDigits = precision - scale;
  return decimal(MAX_PRECISION, Math.max(MAX_PRECISION - integerDigits, Math.min(scale, MIN_ADJUSTED_SCALE)));
}

/** Whether arithmetic on the two numeric types is exact decimal arithmetic: a DECIMAL and no DOUBLE. */
export function isExactDecimal(a: SqlType, b: SqlType): boolean {
  return (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') && asDecimalType(a) !== undefined && asDecimalType(b) !== undefined;
}

/**
 * The type of `a op b` when neither is a DOUBLE and one is a DECIMAL (INT and
 * BIGINT taking part as DECIMAL(10,0) and DECIMAL(20,0)).
 */
export function decimalArithmeticType(op: string, a: SqlType, b: SqlType): SqlType {
  const x = asDecimalType(a)!;
  const y = asDecimalType(b)!;
  const [p1, s1, p2, s2] = [precisionOf(x), scaleOf(x), precisionOf(y), scaleOf(y)];
  switch (op) {
    case '*':
      return adjusted(p1 + p2 + 1, s1 + s2);
    case '/': {
      const scale = Math.max(MIN_ADJUSTED_SCALE, s1 + p2 + 1);
      return adjusted(p1 - s1 + s2 + scale, scale);
    }
    case '%': {
      const scale = Math.max(s1, s2);
      return adjusted(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
    default: {
      const scale = Math.max(s1, s2);
      return adjusted(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
  }
}

/** The narrowest DECIMAL holding every value of both (CASE branches, COALESCE arguments). */
export function widerDecimalType(a: SqlType, b: SqlType): SqlType {
  const x = asDecimalType(a)!;
  const y = asDecimalType(b)!;
  const scale = Math.max(scaleOf(x), scaleOf(y));
  const integerDigits = Math.max(precisionOf(x) - scaleOf(x), precisionOf(y) - scaleOf(y));
  return decimal(Math.min(integerDigits + scale, MAX_PRECISION), Math.min(scale, MAX_PRECISION));
}

/** sum of DECIMAL(p, s): DECIMAL(p + 10, s), as Spark sums, so that a sum of many values still fits. */
export function decimalSumType(t: SqlType): SqlType {
  return decimal(Math.min(precisionOf(t) + 10, MAX_PRECISION), scaleOf(t));
}

/** avg of DECIMAL(p, s): DECIMAL(p + 4, s + 4), as Spark averages. */
export function decimalAvgType(t: SqlType): SqlType {
  return decimal(Math.min(precisionOf(t) + 4, MAX_PRECISION), Math.min(scaleOf(t) + 4, MAX_PRECISION));
}

/**
 * round(DECIMAL(p, s), digits): as Spark, the scale becomes `digits` when that is
 * fewer than `s` (0 for negative digits) and one integer digit is added for the
 * carry (round(9.5) = 10). Digits that are not a constant keep the scale `s`.
 */
export function decimalRoundType(t: SqlType, digits: number | undefined): SqlType {
  const s = scaleOf(t);
  const scale = digits === undefined ? s : Math.max(0, Math.min(s, digits));
  return decimal(Math.min(precisionOf(t) - s + 1 + scale, MAX_PRECISION), scale);
}
