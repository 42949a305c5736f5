import { closest } from '../core/suggest.js';
import type { JsonSchema } from './JsonSchema.js';

/**
 * Checks `value` against `schema` and says what is wrong, one message per
 * problem, naming the setting by its dotted path. Values are never echoed:
 * a config file holds passwords.
 */
export function validateJson(value: unknown, schema: JsonSchema, path = ''): string[] {
  if (schema.anyOf) {
    if (schema.anyOf.some((s) => validateJson(value, s, path).length === 0)) return [];
    return [`${describe(path)} must be ${schema.anyOf.map(kind).join(' or ')}`];
  }
  if (schema.type && kindOf(value) !== schema.type) return [`${describe(path)} must be ${kind(schema)}`];
  if (schema.enum && !schema.enum.includes(value as string)) return [`${describe(path)} must be one of ${schema.enum.join(', ')}`];
  if (schema.minimum !== undefined && (value as number) < schema.minimum) return [`${describe(path)} must be at least ${schema.minimum}`];
  if (schema.type === 'array' && schema.items) {
    const items = schema.items;
    return (value as unknown[]).flatMap((v, i) => validateJson(v, items, `${path}[${i}]`));
  }
  if (schema.type !== 'object') return [];
  const properties = schema.properties ?? {};
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const inner = path === '' ? key : `${path}.${key}`;
    const known = properties[key];
    if (known) return validateJson(v, known, inner);
    if (schema.additionalProperties !== false) return [];
    const suggestion = closest(key, Object.keys(properties));
    return [
      `unknown key "${inner}"${suggestion ? ` (did you mean "${path === '' ? '' : `${path}.`}${suggestion}"?)` : `; known keys: ${Object.keys(properties).join(', ')}`}`,
    ];
  });
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  if (value === null) return 'null';
  return typeof value;
}

function describe(path: string): string {
  return path === '' ? 'the file' : `"${path}"`;
}

function kind(schema: JsonSchema): string {
  switch (schema.type) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'integer':
      return 'a whole number';
    case 'array':
      return schema.items?.type ? `an array of ${schema.items.type}s` : 'an array';
    default:
      return 'any value';
  }
}
