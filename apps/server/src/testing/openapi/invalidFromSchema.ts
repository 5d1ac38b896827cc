import fc from "fast-check";
import { arbitraryFromSchema, type SchemaHints } from "./arbitraryFromSchema.ts";
import type { JsonSchema } from "./operationsOf.ts";

/** Values of the wrong JSON type for `schema`. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 12 }),
    number: fc.double({ noNaN: true }),
    boolean: fc.boolean(),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    object: fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
  };
  const own = schema.type === "integer" ? "number" : schema.type;
  const others = Object.entries(all)
    .filter(([type]) => type !== own)
    .map(([, arbitrary]) => arbitrary);
  return schema.nullable === true ? fc.oneof(...others) : fc.oneof(fc.constant(null), ...others);
}

/** Ways one value can break `schema`'s own constraints (beside its type). */
function brokenConstraints(schema: JsonSchema, hints: SchemaHints): fc.Arbitrary<unknown>[] {
  const broken: fc.Arbitrary<unknown>[] = [];
  if (schema.enum !== undefined) {
    broken.push(fc.string({ maxLength: 16 }).filter((value) => !schema.enum!.includes(value)));
  }
  if (schema.type === "string") {
    if (schema.pattern !== undefined) {
      const pattern = new RegExp(schema.pattern);
      broken.push(fc.string({ maxLength: 40 }).filter((value) => !pattern.test(value)));
    }
    if (schema.maxLength !== undefined) {
      broken.push(fc.string({ minLength: schema.maxLength + 1, maxLength: schema.maxLength + 8 }));
    }
    if (schema.minLength !== undefined && schema.minLength > 0) {
      broken.push(fc.string({ maxLength: schema.minLength - 1 }));
    }
    if (schema.format !== undefined) broken.push(fc.constantFrom("", `not-a-${schema.format}`, "2024-13-45"));
  }
  if (schema.type === "integer" || schema.type === "number") {
    if (schema.minimum !== undefined) broken.push(fc.constant(schema.minimum - 1));
    if (schema.maximum !== undefined) broken.push(fc.constant(schema.maximum + 1));
    if (schema.type === "integer") broken.push(fc.constantFrom(0.5, 1.25));
  }
  if (schema.type === "array") {
    if (schema.items !== undefined) {
      broken.push(fc.tuple(invalidFromSchema(schema.items, hints)).map((items) => items as unknown[]));
    }
    if (schema.maxItems !== undefined) {
      broken.push(
        fc.array(arbitraryFromSchema(schema.items ?? {}, hints), {
          minLength: schema.maxItems + 1,
          maxLength: schema.maxItems + 2,
        }),
      );
    }
    if (schema.minItems !== undefined && schema.minItems > 0) broken.push(fc.constant([]));
  }
  const properties = schema.properties;
  if (properties !== undefined && Object.keys(properties).length > 0) {
    const valid = arbitraryFromSchema(schema, hints) as fc.Arbitrary<Record<string, unknown>>;
    const keys = Object.keys(properties);
    // One property made invalid, the rest valid.
    broken.push(
      fc
        .tuple(valid, fc.constantFrom(...keys))
        .chain(([object, key]) =>
          invalidFromSchema(properties[key]!, hints).map((value) => ({ ...object, [key]: value })),
        ),
    );
    const required = schema.required ?? [];
    if (required.length > 0) {
      broken.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([object, key]) => {
          const { [key]: _, ...rest } = object;
          return rest;
        }),
      );
    }
    if (schema.additionalProperties === false) {
      broken.push(valid.map((object) => ({ ...object, unexpected: "x" })));
    }
  }
  return broken;
}

/**
 * A fast-check arbitrary of values that break a JSON Schema of the OpenAPI document: the wrong type,
 * a value outside its enum, pattern, length or range, an invalid item or property, a missing required
 * property, an unknown one where none is allowed. Mostly invalid, that is: a schema that accepts
 * anything (`{}`) has no invalid value, and a generated one may happen to fit.
 *
 * @example
 * fc.sample(invalidFromSchema({ type: "integer", minimum: 1 }), 3) // [0, "a", null]
 */
export function invalidFromSchema(schema: JsonSchema, hints: SchemaHints = {}): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) {
    // Invalid for one alternative; often invalid for all, sometimes not.
    return fc.oneof(...alternatives.map((alternative) => invalidFromSchema(alternative, hints)));
  }
  if (schema.type === undefined && schema.properties === undefined && schema.enum === undefined) {
    return fc.jsonValue({ maxDepth: 2 });
  }
  return fc.oneof(wrongType(schema), ...brokenConstraints(schema, hints));
}
