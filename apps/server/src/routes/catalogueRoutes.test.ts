import { authorityId } from "@entrada/contracts";
import { seedAuthorities, seedProducts } from "@entrada/core";
import { authorities, products } from "@entrada/db";
import { createTestDatabases, type TestDatabase } from "@entrada/db/testing";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestApp, type TestApp } from "../testing/createTestApp.ts";

describe.each(createTestDatabases())("catalogue routes on $name", ({ open }) => {
  let database: TestDatabase;
  let t: TestApp;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await open();
    t = await createTestApp({ db: database.db });
    app = t.app;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  test("start-up writes the catalogue to the database, idempotently", async () => {
    const rows = await database.db.select().from(authorities);
    expect(rows.map((row) => row.id).sort()).toEqual(seedAuthorities.map((a) => a.id).sort());
    const [uk] = await database.db.select().from(authorities).where(eq(authorities.id, "gb-eta"));
    expect(uk!.onchainId).toBe(authorityId("gb-eta"));
    const [eta] = await database.db.select().from(products).where(eq(products.id, "gb-eta"));
    expect(eta).toMatchObject({
      feeMinor: 1600n,
      currency: "GBP",
      processingDays: 3,
      eligibleNationalities: expect.arrayContaining(["USA"]),
    });
    const again = await createTestApp({ db: database.db });
    await again.app.close();
    expect(await database.db.select().from(products)).toHaveLength(seedProducts.length);
  });

  test("lists authorities a page at a time", async () => {
    const first = (await app.inject({ method: "GET", url: "/api/v1/catalogue/authorities?limit=5" })).json();
    expect(first.items).toHaveLength(5);
    const rest = (
      await app.inject({ method: "GET", url: `/api/v1/catalogue/authorities?cursor=${first.nextCursor}` })
    ).json();
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((a: { id: string }) => a.id)).toEqual(
      seedAuthorities.map((a) => a.id).sort(),
    );
  });

  test("lists products by authority, destination and purpose, with fees as money", async () => {
    const uk = (await app.inject({ method: "GET", url: "/api/v1/catalogue/products?authorityId=gb-eta" })).json();
    expect(uk.items).toEqual([
      expect.objectContaining({ id: "gb-eta", fee: { amount: "1600", currency: "GBP", formatted: "16.00" } }),
    ]);
    const france = (await app.inject({ method: "GET", url: "/api/v1/catalogue/products?destination=FR" })).json();
    expect(france.items.every((p: { authorityId: string }) => p.authorityId === "eu-etias")).toBe(true);
    const business = (
      await app.inject({ method: "GET", url: "/api/v1/catalogue/products?purpose=business&limit=100" })
    ).json();
    expect(business.items.every((p: { purposes: string[] }) => p.purposes.includes("business"))).toBe(true);
    expect((await app.inject({ method: "GET", url: "/api/v1/catalogue/products?destination=France" })).statusCode).toBe(
      400,
    );
    expect((await app.inject({ method: "GET", url: "/api/v1/catalogue/products?limit=101" })).statusCode).toBe(400);
    expect((await app.inject({ method: "GET", url: "/api/v1/catalogue/products?cursor=%%%" })).statusCode).toBe(400);
  });

  test("names authorities and products in English, Chinese and Spanish", async () => {
    const authorities = (await app.inject({ method: "GET", url: "/api/v1/catalogue/authorities?limit=100" })).json();
    expect(authorities.items.find((a: { id: string }) => a.id === "gb-eta").names).toEqual({
      en: "UK Home Office",
      zh: "英国内政部",
      es: "Ministerio del Interior del Reino Unido (Home Office)",
    });
    const eta = (await app.inject({ method: "GET", url: "/api/v1/catalogue/products/gb-eta" })).json();
    expect(eta).toMatchObject({
      name: "Electronic Travel Authorisation (ETA)",
      names: {
        en: "Electronic Travel Authorisation (ETA)",
        zh: "英国电子旅行许可（ETA）",
        es: "Autorización Electrónica de Viaje (ETA) del Reino Unido",
      },
    });
  });

  test("GET /catalogue/products/:id", async () => {
    const eta = await app.inject({ method: "GET", url: "/api/v1/catalogue/products/gb-eta" });
    expect(eta.json()).toMatchObject({
      id: "gb-eta",
      visaExemptNationalities: ["GBR", "IRL"],
      maxDaysBeforeTravel: null,
    });
    const unknown = await app.inject({ method: "GET", url: "/api/v1/catalogue/products/xx-gold" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("ENTRADA_PRODUCT_NOT_FOUND");
  });

  test("POST /eligibility tells what fits, what it costs, and why the rest does not", async () => {
    const inTwoWeeks = new Date(t.clock().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/eligibility",
      payload: { nationality: "USA", destination: "GB", purpose: "tourist", travelDate: inTwoWeeks },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.destinationCovered).toBe(true);
    expect(body.eligible).toEqual([
      expect.objectContaining({
        product: expect.objectContaining({ id: "gb-eta" }),
        fee: { amount: "1600", currency: "GBP", formatted: "16.00" },
        feeWaiver: null,
        applyBy: new Date(Date.parse(inTwoWeeks) - 3 * 86_400_000).toISOString().slice(0, 10),
      }),
    ]);
    const british = (
      await app.inject({
        method: "POST",
        url: "/api/v1/eligibility",
        payload: { nationality: "GBR", destination: "GB", purpose: "tourist" },
      })
    ).json();
    expect(british.ineligible[0].reasons).toEqual([{ code: "visa_exempt" }]);
    const uncovered = (
      await app.inject({
        method: "POST",
        url: "/api/v1/eligibility",
        payload: { nationality: "USA", destination: "JP", purpose: "tourist" },
      })
    ).json();
    expect(uncovered).toEqual({ destinationCovered: false, eligible: [], ineligible: [] });
  });
});
