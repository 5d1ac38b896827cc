import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Evisa } from "../../api/travellerTypes.ts";
import type { Product } from "../../api/types.ts";
import { isEvisaNotIssued, useEvisa } from "../../api/useEvisa.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { formatDate, formatDateTime } from "../../format/formatMoney.ts";
import { loadSavedEvisa, type SavedEvisa, saveEvisa } from "../../identity/holderStore.ts";

/** The query key of the e-visa kept in this browser for an application. */
export const savedEvisaKey = (id: string) => ["savedEvisa", id] as const;

/** What the card shows, from the server or from the copy kept on this device. */
type EvisaFacts = Pick<Evisa, "status" | "validFrom" | "validUntil" | "reference" | "revokeReason" | "qrPng"> & {
  entries: Product["entries"] | null;
  stayDays: number | null;
};

/** The card itself: validity, entries, stay, reference, status and the QR. */
function EvisaFactsView({ facts, children }: { facts: EvisaFacts; children?: ReactNode }) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const statusClass =
    facts.status === "valid" ? "notice-ok" : facts.status === "revoked" ? "notice-error" : "notice-warn";
  return (
    <section className="card stack" aria-labelledby="evisa-title" data-testid="evisa-card" data-status={facts.status}>
      <h2 id="evisa-title" style={{ marginTop: 0 }}>
        {t("evisa.title")}
      </h2>
      <div className={`notice ${statusClass}`} data-testid="evisa-status">
        <p style={{ margin: 0, fontWeight: 600 }}>{t(`evisa.status.${facts.status}`)}</p>
        <p style={{ margin: 0 }}>{t(`evisa.explain.${facts.status}`)}</p>
        {facts.status === "revoked" && facts.revokeReason ? (
          <p style={{ margin: 0 }} data-testid="evisa-revoke-reason">
            {t("evisa.revokeReason", { reason: facts.revokeReason })}
          </p>
        ) : null}
      </div>
      <div className="row" style={{ alignItems: "flex-start", flexWrap: "wrap", gap: "1.5rem" }}>
        <img
          src={facts.qrPng}
          alt={t("evisa.qrAlt", { reference: facts.reference })}
          width={240}
          height={240}
          data-testid="evisa-qr"
          style={{ imageRendering: "pixelated", background: "#fff" }}
        />
        <dl className="facts">
          <dt>{t("evisa.validity")}</dt>
          <dd data-testid="evisa-validity">
            {t("evisa.validityValue", {
              from: formatDate(facts.validFrom, language),
              until: formatDate(facts.validUntil, language),
            })}
          </dd>
          {facts.entries ? (
            <>
              <dt>{t("product.entries")}</dt>
              <dd>{t(`entries.${facts.entries}`)}</dd>
            </>
          ) : null}
          {facts.stayDays !== null ? (
            <>
              <dt>{t("evisa.stay")}</dt>
              <dd>{t("evisa.stayDays", { count: facts.stayDays })}</dd>
            </>
          ) : null}
          <dt>{t("evisa.reference")}</dt>
          <dd className="mono" data-testid="evisa-reference">
            {facts.reference}
          </dd>
        </dl>
      </div>
      {children}
    </section>
  );
}

/** The copy kept on this device for `applicationId`; `null` when none (or when this browser keeps none). */
function useSavedEvisa(applicationId: string) {
  return useQuery({
    queryKey: savedEvisaKey(applicationId),
    queryFn: () => loadSavedEvisa(applicationId).catch(() => null),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The facts of a kept copy. */
function savedFacts(saved: SavedEvisa): EvisaFacts {
  return saved;
}

/** What is kept of the server's e-visa, with the product's entries and stay when the page knows the product. */
function keptOf(evisa: Evisa, product: Product | undefined): EvisaFacts & Pick<Evisa, "sdJwt" | "seal"> {
  return {
    sdJwt: evisa.sdJwt,
    seal: evisa.seal,
    qrPng: evisa.qrPng,
    status: evisa.status,
    validFrom: evisa.validFrom,
    validUntil: evisa.validUntil,
    reference: evisa.reference,
    revokeReason: evisa.revokeReason,
    entries: product?.entries ?? null,
    stayDays: product?.stayDays ?? null,
  };
}

/**
 * The e-visa kept on this device, for when the page cannot reach the server: shown with the date it
 * was saved, or nothing when none is kept here.
 *
 * @example
 * {offline ? <SavedEvisaCard applicationId={id} /> : null}
 */
export function SavedEvisaCard({ applicationId }: { applicationId: string }) {
  const { t, i18n } = useTranslation("traveller");
  const saved = useSavedEvisa(applicationId);
  if (!saved.data) return null;
  return (
    <EvisaFactsView facts={savedFacts(saved.data)}>
      <p className="notice notice-warn" role="status" data-testid="evisa-offline">
        {t("evisa.offline", { time: formatDateTime(saved.data.savedAt, i18n.resolvedLanguage ?? "en") })}
      </p>
    </EvisaFactsView>
  );
}

/**
 * The traveller's issued e-visa on the application page (issue 12, item 4): the card with its QR,
 * "Download PDF" (a plain link: the session cookie goes with it) and "Save to this device", which
 * keeps it in IndexedDB beside the identity credential. When the server cannot be reached it shows
 * the copy kept here; a kept copy follows the server's status (a revocation) when seen online.
 *
 * @example
 * {application.state === "issued" ? <EvisaCard applicationId={application.id} userId={me.id} product={product} /> : null}
 */
export function EvisaCard({
  applicationId,
  userId,
  product,
}: {
  applicationId: string;
  userId: string;
  product: Product | undefined;
}) {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? "en";
  const queryClient = useQueryClient();
  const evisa = useEvisa(applicationId);
  const saved = useSavedEvisa(applicationId);
  const save = useMutation({
    mutationFn: (kept: EvisaFacts & Pick<Evisa, "sdJwt" | "seal">) => saveEvisa({ applicationId, userId, ...kept }),
    onSuccess: (record) => queryClient.setQueryData(savedEvisaKey(applicationId), record),
  });
  // A kept copy follows what the server says now (a revocation), so that offline it does not show a revoked visa as valid.
  const stale = Boolean(
    evisa.data && saved.data && (saved.data.status !== evisa.data.status || saved.data.seal !== evisa.data.seal),
  );
  const { mutate, isPending, isError } = save;
  useEffect(() => {
    if (stale && evisa.data && !isPending && !isError) mutate(keptOf(evisa.data, product));
  }, [stale, evisa.data, product, isPending, isError, mutate]);

  if (!evisa.data) {
    if (evisa.error && !isEvisaNotIssued(evisa.error) && saved.data)
      return <SavedEvisaCard applicationId={applicationId} />;
    if (evisa.isLoading || (evisa.error && isEvisaNotIssued(evisa.error) && evisa.isFetching)) {
      return (
        <p className="progress" role="status" data-testid="evisa-loading">
          {t("evisa.loading")}
        </p>
      );
    }
    if (isEvisaNotIssued(evisa.error)) {
      return (
        <div className="notice notice-warn" data-testid="evisa-pending">
          <p style={{ margin: 0 }}>{t("evisa.pending")}</p>
          <button type="button" className="button button-quiet" onClick={() => void evisa.refetch()}>
            {t("evisa.tryAgain")}
          </button>
        </div>
      );
    }
    return <ErrorNotice error={evisa.error} actions={{ retry: () => void evisa.refetch() }} />;
  }
  const current = evisa.data;
  return (
    <EvisaFactsView facts={keptOf(current, product)}>
      <div className="row" style={{ flexWrap: "wrap" }}>
        <a
          className="button"
          href={current.pdfUrl}
          download={`e-visa-${current.reference}.pdf`}
          data-testid="evisa-pdf"
        >
          {t("evisa.downloadPdf")}
        </a>
        {saved.data && !stale ? null : (
          <button
            type="button"
            className="button button-quiet"
            data-testid="evisa-save"
            disabled={save.isPending}
            onClick={() => save.mutate(keptOf(current, product))}
          >
            {t("evisa.save")}
          </button>
        )}
      </div>
      <p role="status" data-testid="evisa-saved" className={saved.data ? undefined : "visually-hidden"}>
        {saved.data ? t("evisa.saved", { time: formatDateTime(saved.data.savedAt, language) }) : ""}
      </p>
      {save.error ? <p className="notice notice-error">{t("evisa.saveFailed")}</p> : null}
    </EvisaFactsView>
  );
}
