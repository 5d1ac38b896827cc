import { type Catalogue, checkEligibility } from "@entrada/core";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../http/cursor.ts";
import { routeSecurity } from "../http/routeSecurity.ts";
import {
  alpha2Schema,
  alpha3Schema,
  calendarDateSchema,
  pageQuerySchema,
  pageSchema,
  slugSchema,
} from "../schemas/primitives.ts";
import {
  authorityViewSchema,
  eligibilityViewSchema,
  productViewSchema,
  toAuthorityView,
  toEligibilityView,
  toProductView,
} from "../views/catalogueView.ts";
import type { ApiPlugin } from "./ApiPlugin.ts";

const slugCursor = /^[a-z0-9-]{1,32}$/;

/** A page of a list held in memory (the catalogue), after the item with id `cursor`. */
function pageOf<Item extends { id: string }>(
  all: readonly Item[],
  cursor: string | undefined,
  limit: number,
): { items: Item[]; nextCursor: string | null } {
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after = cursor === undefined ? undefined : decodeCursor(cursor, slugCursor).id;
  const rest = after === undefined ? sorted : sorted.filter((item) => item.id > after);
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rest.length > limit && last !== undefined ? encodeCursor({ at: "1970-01-01T00:00:00Z", id: last.id }) : null,
  };
}

/**
 * The catalogue, public: `GET /catalogue/authorities`, `GET /catalogue/products` (filter by authority,
 * destination or purpose), `GET /catalogue/products/:id`, and `POST /eligibility` (which products fit
 * a trip, what each costs this traveller, and why the others do not).
 *
 * @example
 * await app.register(catalogueRoutes, { catalogue, clock })
 */
export const catalogueRoutes: ApiPlugin<{ catalogue: Catalogue; clock: () => Date }> = async (
  app,
  { catalogue, clock },
) => {
  app.get(
    "/catalogue/authorities",
    {
      schema: {
        tags: ["catalogue"],
        operationId: "listAuthorities",
        summary: "Member authorities",
        security: routeSecurity.public,
        errors: ["ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema.strict(),
        response: { 200: pageSchema(authorityViewSchema) },
      },
    },
    async (request) => {
      const page = pageOf(catalogue.authorities, request.query.cursor, request.query.limit);
      return { items: page.items.map(toAuthorityView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/catalogue/products",
    {
      schema: {
        tags: ["catalogue"],
        operationId: "listProducts",
        summary: "Visa products, optionally of one authority, for one destination or purpose",
        security: routeSecurity.public,
        errors: ["ENTRADA_CURSOR_INVALID"],
        querystring: pageQuerySchema
          .extend({
            authorityId: slugSchema.optional(),
            destination: alpha2Schema.optional(),
            purpose: z.enum(["tourist", "business", "transit"]).optional(),
          })
          .strict(),
        response: { 200: pageSchema(productViewSchema) },
      },
    },
    async (request) => {
      const { authorityId, destination, purpose, cursor, limit } = request.query;
      const authorities =
        destination === undefined ? undefined : new Set(catalogue.authoritiesFor(destination).map((a) => a.id));
      const products = catalogue.products.filter(
        (product) =>
          (authorityId === undefined || product.authorityId === authorityId) &&
          (authorities === undefined || authorities.has(product.authorityId)) &&
          (purpose === undefined || product.purposes.includes(purpose)),
      );
      const page = pageOf(products, cursor, limit);
      return { items: page.items.map(toProductView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/catalogue/products/:id",
    {
      schema: {
        tags: ["catalogue"],
        operationId: "getProduct",
        summary: "One visa product",
        security: routeSecurity.public,
        errors: ["ENTRADA_PRODUCT_NOT_FOUND"],
        params: z.object({ id: slugSchema }),
        response: { 200: productViewSchema },
      },
    },
    async (request) => toProductView(catalogue.product(request.params.id)),
  );

  app.post(
    "/eligibility",
    {
      schema: {
        tags: ["catalogue"],
        operationId: "checkEligibility",
        summary: "Which products fit a trip, what they cost this traveller, and why the others do not",
        security: routeSecurity.public,
        body: z
          .object({
            nationality: alpha3Schema,
            destination: alpha2Schema,
            purpose: z.enum(["tourist", "business", "transit"]),
            travelDate: calendarDateSchema.optional(),
            birthDate: calendarDateSchema.optional(),
          })
          .strict(),
        response: { 200: eligibilityViewSchema },
      },
    },
    async (request) =>
      toEligibilityView(checkEligibility({ ...request.body, today: clock().toISOString().slice(0, 10) }, catalogue)),
  );
};
