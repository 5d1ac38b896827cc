import { applicationStates } from "@entrada/core";
import { expect, test } from "vitest";
import { checkedApplicationStates } from "./applications.ts";

test("the state check constraints allow exactly core's application states", () => {
  expect([...checkedApplicationStates].sort()).toEqual([...applicationStates].sort());
});
