import fc from "fast-check";
import type { JsonSchema } from "./operationsOf.ts";

/** Known good values to mix into generated ones: ids that exist, so that requests get past the 404. */
export type SchemaHints = {
  /** Values for a string schema (by its pattern or format, and its name), or `undefined` for none. */
  strings?: ((schema: JsonSchema, name: string | undefined) => readonly string[] | undefined) | undefined;
  /** Values for an integer schema (by its name), or `undefined` for none. */
  integers?: ((schema: JsonSchema, name: string | undefined) => readonly number[] | undefined) | undefined;
  /** The name of the value being generated: its parameter's or property's. Set while descending. */
  name?: string | undefined;
};

/** Known values first (three times in four), else generated ones: a random id only ever meets a 404. */
function mostlyKnown<T>(known: readonly T[], generated: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return known.length === 0
    ? generated
    : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: generated });
}

/** The most items, keys and characters generated: requests stay small and quick. */
const maxItems = 4;
const maxString = 64;

function stringOf(schema: JsonSchema, hints: SchemaHints): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? maxString, maxString));
  const fitsLength = (value: string) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity);
  let generated: fc.Arbitrary<string>;
  switch (schema.format) {
    case "uuid":
      generated = fc.uuid();
      break;
    case "date":
      generated = fc
        .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
      break;
    case "date-time":
      generated = fc
        .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
        .map((date) => date.toISOString());
      break;
    case "email":
      generated = fc.emailAddress();
      break;
    case "uri":
      generated = fc.webUrl();
      break;
    default:
      generated =
        schema.pattern !== undefined
          ? fc.stringMatching(new RegExp(schema.pattern)).filter(fitsLength)
          : fc.string({ minLength, maxLength, unit: "grapheme-ascii" });
  }
  const known = hints.strings?.(schema, hints.name)?.filter(fitsLength) ?? [];
  return mostlyKnown(known, generated);
}

function numberOf(schema: JsonSchema, hints: SchemaHints): fc.Arbitrary<number> {
  const known = hints.integers?.(schema, hints.name) ?? [];
  return mostlyKnown(known, generatedNumberOf(schema));
}

function generatedNumberOf(schema: JsonSchema): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  if (schema.type === "integer") {
    const min = schema.minimum ?? (exclusiveMin === undefined ? -1_000_000 : Math.floor(exclusiveMin) + 1);
    const max = schema.maximum ?? (exclusiveMax === undefined ? 1_000_000 : Math.ceil(exclusiveMax) - 1);
    return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
  }
  return fc.double({
    min: schema.minimum ?? exclusiveMin ?? -1_000_000,
    max: schema.maximum ?? exclusiveMax ?? 1_000_000,
    minExcluded: exclusiveMin !== undefined,
    maxExcluded: exclusiveMax !== undefined,
    noNaN: true,
  });
}

function objectOf(schema: JsonSchema, hints: SchemaHints): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const record = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, arbitraryFromSchema(value, { ...hints, name: key })]),
    ),
    { requiredKeys: (schema.required ?? []).filter((key) => key in properties) },
  ) as fc.Arbitrary<Record<string, unknown>>;
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || Object.keys(properties).length > 0) return record;
  // A map (zod's record): keys of its own, values of the schema given.
  const values = extra === true ? fc.jsonValue({ maxDepth: 1 }) : arbitraryFromSchema(extra, hints);
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 12, unit: "grapheme-ascii" }), values, {
    maxKeys: maxItems,
  });
}

/**
 * A fast-check arbitrary of values that satisfy a JSON Schema of the OpenAPI document (the subset
 * zod generates: types, enums, nullable, formats, patterns, lengths, ranges, items, properties,
 * required, additionalProperties, anyOf/oneOf/allOf). What a schema cannot say (zod's refinements)
 * is not known here: such values may still be refused, with a documented 400. Hints mix in known
 * values, so that ids name records that exist.
 *
 * @example
 * fc.sample(arbitraryFromSchema({ type: "string", enum: ["USDC", "USDT"] }), 2) // ["USDT", "USDC"]
 */
export function arbitraryFromSchema(schema: JsonSchema, hints: SchemaHints = {}): fc.Arbitrary<unknown> {
  const value = ((): fc.Arbitrary<unknown> => {
    if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives !== undefined) return fc.oneof(...alternatives.map((item) => arbitraryFromSchema(item, hints)));
    if (schema.allOf !== undefined) {
      const merged: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] } = {
        properties: {},
        required: [],
      };
      for (const part of schema.allOf) {
        Object.assign(merged.properties, part.properties);
        merged.required.push(...(part.required ?? []));
        if (merged.type === undefined && part.type !== undefined) merged.type = part.type;
      }
      return arbitraryFromSchema(merged, hints);
    }
    switch (schema.type) {
      case "string":
        return stringOf(schema, hints);
      case "integer":
      case "number":
        return numberOf(schema, hints);
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return fc.array(arbitraryFromSchema(schema.items ?? {}, hints), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? maxItems, maxItems)),
        });
      case "object":
        return objectOf(schema, hints);
      default:
        return schema.properties !== undefined ? objectOf(schema, hints) : fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable === true ? fc.oneof(value, fc.constant(null)) : value;
}
