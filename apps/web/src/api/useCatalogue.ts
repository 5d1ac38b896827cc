import { useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";
import type { Authority, Page, Product } from "./types.ts";

/** The catalogue, indexed: every authority and product, by id. */
export type Catalogue = {
  authorities: Authority[];
  products: Product[];
  authority: ReadonlyMap<string, Authority>;
  product: ReadonlyMap<string, Product>;
};

/** Every item of a paginated list (the catalogue is small: a few pages at most). */
async function all<Item>(path: string, signal: AbortSignal): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: Page<Item> = await api<Page<Item>>("GET", `${path}${query}`, { signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The query key of the catalogue. */
export const catalogueKey = ["catalogue"] as const;

/**
 * The public catalogue (`GET /catalogue/authorities`, `GET /catalogue/products`), loaded once and
 * kept: it changes only with a deployment.
 *
 * @example
 * const { data } = useCatalogue();
 * data?.product.get("gb-eta")?.fee // { amount: "1600", currency: "GBP", formatted: "16.00" }
 */
export function useCatalogue() {
  return useQuery(catalogueQuery);
}

/**
 * The catalogue's query (key, fetch, freshness), for {@link useCatalogue} and for the boot, which
 * starts it before the first render on the home page (index.html has the requests preloaded).
 */
export const catalogueQuery = {
  queryKey: catalogueKey,
  queryFn: async ({ signal }: { signal: AbortSignal }): Promise<Catalogue> => {
    const [authorities, products] = await Promise.all([
      all<Authority>("/catalogue/authorities", signal),
      all<Product>("/catalogue/products", signal),
    ]);
    return {
      authorities,
      products,
      authority: new Map(authorities.map((authority) => [authority.id, authority])),
      product: new Map(products.map((product) => [product.id, product])),
    };
  },
  staleTime: 10 * 60_000,
};
