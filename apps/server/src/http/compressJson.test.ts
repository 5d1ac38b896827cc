import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";
import { jsonEncoding } from "./compressJson.ts";

test("the encoding: brotli, else gzip, else none; q=0 refuses", () => {
  expect(jsonEncoding("gzip, deflate, br, zstd")).toBe("br");
  expect(jsonEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
  expect(jsonEncoding("identity")).toBeUndefined();
  expect(jsonEncoding(undefined)).toBeUndefined();
});

describe.each(createTestDatabases())("JSON answers compressed on $name", ({ open }) => {
  let database: TestDatabase;
  let served: TestApp;

  beforeAll(async () => {
    database = await open();
    served = await createTestApp({ db: database.db });
  });
  afterAll(async () => {
    await served?.app.close();
    await database?.close();
  });

  test("the catalogue in brotli or gzip as accepted, the same JSON; as it is to a client that accepts neither", async () => {
    const url = "/api/v1/catalogue/products?limit=100";
    const plain = await served.app.inject({ method: "GET", url });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toContain("Accept-Encoding");
    expect(plain.body.length).toBeGreaterThan(10_000);

    const br = await served.app.inject({ method: "GET", url, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(Number(br.headers["content-length"])).toBe(br.rawPayload.length);
    expect(br.rawPayload.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString("utf8"))).toEqual(plain.json());

    const gz = await served.app.inject({ method: "GET", url, headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString("utf8"))).toEqual(plain.json());
  });

  test("a small answer is sent as it is", async () => {
    const reply = await served.app.inject({
      method: "GET",
      url: "/api/v1/catalogue/authorities?limit=1",
      headers: { "accept-encoding": "br" },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-encoding"]).toBeUndefined();
    expect(reply.json()).toMatchObject({ items: [expect.any(Object)] });
  });
});
