import { type Database, notifications } from "@entrada/db";
import { desc } from "drizzle-orm";
import type { FastifyPluginAsync } from "fastify";
import type { EscrowDeployment } from "../chain/EscrowDeployment.ts";
import type { Config } from "../config.ts";
import { allowStylesOnReply, styleHashSource } from "../http/inlineStyleSources.ts";

/** Parameters of {@link devPages}. */
export type DevPagesParameters = { db: Database; config: Config };

/** Parameters of {@link placeholderPage}. */
export type PlaceholderPageParameters = { config: Config; deployment: EscrowDeployment; chainUrl: string };

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The pages' one stylesheet, inline: the CSP lets it through by its hash ({@link devPageStyleSource}). */
const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{background:#f2f2f2;padding:0 .25rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;
padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}`;

/** The `style-src` source a dev page's reply adds to the app's CSP, which allows no inline stylesheet. */
const devPageStyleSource = styleHashSource(style);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style></head>
<body>${body}</body></html>`;

/**
 * The page `/` shows while the web app is not built (`webAppRoutes` serves it when the dist folder
 * has no index.html): what is running and where, and how to build the app.
 *
 * @example
 * webAppRoutes({ distDir, placeholder: placeholderPage({ config, deployment, chainUrl }) })
 */
export function placeholderPage({ config, deployment, chainUrl }: PlaceholderPageParameters): string {
  const rows = [
    ["API", "<a href='/api/v1/health'>/api/v1/health</a>, documented at <a href='/docs'>/docs</a>"],
    ["Chain", `${escapeHtml(chainUrl)} (chain id ${deployment.chainId})`],
    ["Escrow", `<code>${deployment.escrow}</code>`],
    ["USDC / USDT", `<code>${deployment.tokens.USDC}</code> / <code>${deployment.tokens.USDT}</code>`],
    ...(config.chain.isLocal && config.env === "development"
      ? [["Mailbox", "<a href='/dev/mailbox'>/dev/mailbox</a>"]]
      : []),
  ];
  return page(
    "Entrada",
    `<h1>Entrada is running</h1><p>Pay for e-visas in stablecoins through an escrow. The web app is not built:
run <code>npm run build</code> and reload this page. Meanwhile the whole loop can be driven through the API.</p>
<table>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join("")}</table>`,
  );
}

/**
 * The development pages: on the local chain in development, `/dev/mailbox` shows the e-mails the
 * development mailbox kept (nothing leaves the machine without `SMTP_URL`). Elsewhere it registers
 * nothing.
 *
 * @example
 * plugins: [devPages({ db, config })]
 */
export function devPages({ db, config }: DevPagesParameters): FastifyPluginAsync {
  return async (app) => {
    // Only in development on the local chain: the mailbox lists every e-mail recorded.
    if (!config.chain.isLocal || config.env !== "development") return;
    // A page for people, like the web app: not part of the API document (GET /api/v1/dev/mailbox is).
    app.get("/dev/mailbox", { schema: { hide: true } }, async (_request, reply) => {
      const mails = await db.select().from(notifications).orderBy(desc(notifications.createdAt)).limit(100);
      const rows = mails
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.createdAt.toISOString())}</td><td>${escapeHtml(m.channel)}</td><td>${escapeHtml(m.to)}</td>` +
            `<td><strong>${escapeHtml(m.subject ?? "")}</strong><pre>${escapeHtml(m.body)}</pre></td><td>${escapeHtml(m.status)}</td></tr>`,
        )
        .join("");
      allowStylesOnReply(reply, [devPageStyleSource]);
      return reply
        .type("text/html; charset=utf-8")
        .send(
          page(
            "Development mailbox",
            `<h1>Development mailbox</h1><p>${mails.length} newest messages.</p><table><tr><th>When</th><th>Channel</th><th>To</th><th>Message</th><th>Status</th></tr>${rows}</table>`,
          ),
        );
    });
  };
}
