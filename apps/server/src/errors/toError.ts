/** Properties of a thrown plain object worth showing: what providers and drivers put in their error objects. */
const telling = new Set(["name", "code", "message", "reason", "status", "statusCode", "errno"]);

/** Longest rendering of one thrown value or property. */
const maxText = 120;

/** Most properties of a thrown object named in the rendering. */
const maxKeys = 8;

/**
 * An `Error` standing for a value that was thrown but is not one: a string, a number, an
 * EIP-1193 provider's `{ code, message }` object. Its message says what was thrown (its type and a
 * safe rendering), and its stack says where it was caught, which is more than nothing.
 *
 * @example
 * new NonErrorThrownError("boom").message // 'A string was thrown instead of an Error: "boom"'
 */
export class NonErrorThrownError extends Error {
  override name = "NonErrorThrownError" as const;
  /** `typeof` the thrown value, or `null`/`array` where `typeof` says `object`. */
  readonly thrownType: string;

  constructor(thrown: unknown) {
    const type = thrown === null ? "null" : Array.isArray(thrown) ? "array" : typeof thrown;
    super(`${article(type)} was thrown instead of an Error: ${renderThrown(thrown)}`);
    this.thrownType = type;
  }
}

/**
 * `thrown` as an `Error`: itself when it is one, else a {@link NonErrorThrownError} that says what
 * was thrown. Loops and logs use it so that "something was thrown" always names the something.
 *
 * @example
 * toError({ code: -32000, message: "nonce too low" }).message
 * // 'An object was thrown instead of an Error: Object { code: -32000, message: "nonce too low" }'
 */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new NonErrorThrownError(thrown);
}

/**
 * A short rendering of a thrown value that cannot leak what it holds at length: primitives as
 * they are (strings quoted and cut), objects by constructor name with the values of a few telling
 * properties (`code`, `message`, …) and only the names of the others, arrays by length.
 */
function renderThrown(thrown: unknown): string {
  switch (typeof thrown) {
    case "string":
      return JSON.stringify(cut(thrown));
    case "number":
    case "boolean":
    case "undefined":
      return String(thrown);
    case "bigint":
      return `${thrown}n`;
    case "symbol":
      return thrown.toString();
    case "function":
      return `function ${thrown.name || "(anonymous)"}`;
    default:
  }
  if (thrown === null) return "null";
  if (Array.isArray(thrown)) return `an array of ${thrown.length}`;
  const object = thrown as Record<string, unknown>;
  const constructorName = cut(
    typeof object.constructor === "function" && object.constructor.name ? object.constructor.name : "Object",
  );
  let keys: string[];
  try {
    keys = Object.keys(object);
  } catch {
    return constructorName;
  }
  if (keys.length === 0) return `${constructorName} {}`;
  const shown = keys.slice(0, maxKeys).map((key) => {
    const value = object[key];
    const primitive = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    if (!telling.has(key) || !primitive) return cut(key);
    return `${cut(key)}: ${typeof value === "string" ? JSON.stringify(cut(value)) : String(value)}`;
  });
  const more = keys.length > maxKeys ? `, … ${keys.length - maxKeys} more` : "";
  return `${constructorName} { ${shown.join(", ")}${more} }`;
}

function cut(text: string): string {
  return text.length > maxText ? `${text.slice(0, maxText)}…` : text;
}

function article(type: string): string {
  if (type === "null" || type === "undefined") return `The value ${type}`;
  return /^[aeiou]/.test(type) ? `An ${type}` : `A ${type}`;
}
