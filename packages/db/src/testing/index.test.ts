// Through the package's exports map, as other packages import it.
import * as exports from "@entrada/db/testing";
import { expect, test } from "vitest";

test("exports", () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "createTestDatabases",
      "resetDatabase",
      "startCuttableProxy",
    ]
  `);
});
