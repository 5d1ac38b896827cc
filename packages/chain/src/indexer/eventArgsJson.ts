import type { Json } from "@entrada/db";
import type { Abi, AbiParameter } from "viem";

/**
 * Decoded event arguments as `chain_events.args` stores them: JSON, bigints as decimal strings.
 *
 * @example
 * eventArgsToJson({ applicationId: "0x…", amount: 40040000n }) // { applicationId: "0x…", amount: "40040000" }
 */
export function eventArgsToJson(args: unknown): Json {
  if (typeof args === "bigint") return args.toString();
  if (Array.isArray(args)) return args.map(eventArgsToJson);
  if (typeof args === "object" && args !== null) {
    return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, eventArgsToJson(value)]));
  }
  return args as Json;
}

/**
 * Stored arguments back as viem decodes them, led by the event's ABI: integers wider than 48 bits
 * become bigints again, narrower ones stay numbers.
 *
 * @example
 * eventArgsFromJson(VisaFeeEscrow.abi, "FeesWithdrawn", { token: "0x…", treasury: "0x…", amount: "40000" })
 * // { token: "0x…", treasury: "0x…", amount: 40000n }
 */
export function eventArgsFromJson(abi: Abi, eventName: string, json: Json): Record<string, unknown> {
  const event = abi.find((item) => item.type === "event" && item.name === eventName);
  if (event === undefined || event.type !== "event") throw new TypeError(`eventArgsFromJson: no event ${eventName}`);
  const stored = json as { [key: string]: Json };
  return Object.fromEntries(event.inputs.map((input) => [input.name!, fromJson(input, stored[input.name!]!)]));
}

function fromJson(parameter: AbiParameter, value: Json): unknown {
  const array = /^(.*)\[\d*\]$/.exec(parameter.type);
  if (array) return (value as Json[]).map((item) => fromJson({ ...parameter, type: array[1]! }, item));
  if (parameter.type === "tuple" && "components" in parameter) {
    const fields = value as { [key: string]: Json };
    return Object.fromEntries(parameter.components.map((c) => [c.name!, fromJson(c, fields[c.name!]!)]));
  }
  const integer = /^u?int(\d*)$/.exec(parameter.type);
  if (integer && Number(integer[1] || 256) > 48) return BigInt(value as string);
  return value;
}
