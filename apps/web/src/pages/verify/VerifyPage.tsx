import { parseApplicationReference } from "@entrada/core";
import { decodeQrImage, sealFromBase64url, VerifyError } from "@entrada/verify";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { countryName } from "../../format/countries.ts";
import { formatDate, formatDateTime } from "../../format/formatMoney.ts";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { CameraScan } from "./CameraScan.tsx";
import {
  type KeptTrustList,
  keptTrustList,
  refreshTrustList,
  type SealVerdict,
  verifyWithTrustList,
} from "./evisaTrustList.ts";
import { keepForOffline } from "./keepForOffline.ts";

/** The pixels of an image file, drawn on a canvas (a photo of the QR, a screenshot, the PDF's picture). */
async function imagePixels(file: File): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (context === null) throw new Error("no 2d canvas");
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

type Outcome = { kind: "verdict"; verdict: SealVerdict } | { kind: "not_a_seal" } | { kind: "no_qr_code" };

/**
 * `/verify`, for border and airline staff (issue 12): paste the seal's text or upload a picture of
 * the QR code, and see whether the e-visa is valid, revoked, expired, not yet valid or forged, with the
 * holder's data and the authority. It verifies in the browser with the authorities' keys (the trust
 * list), kept on the device: once visited, it works with the network off, and says how fresh its keys are.
 */
export function VerifyPage() {
  const { t, i18n } = useTranslation("traveller");
  const language = i18n.resolvedLanguage ?? i18n.language ?? "en";
  const nameOf = useCatalogueName();
  const ids = { text: useId(), image: useId() };
  const [trust, setTrust] = useState<KeptTrustList | null>(() => keptTrustList());
  const [online, setOnline] = useState<"checking" | "fresh" | "offline">("checking");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    let cancelled = false;
    refreshTrustList().then(
      ({ kept, offline }) => {
        if (cancelled) return;
        // A copy the worker kept is no fresher than the one this page kept: show the newer.
        setTrust((current) => (offline && current !== null && current.fetchedAt > kept.fetchedAt ? current : kept));
        setOnline(offline ? "offline" : "fresh");
        if (!offline) void keepForOffline();
      },
      () => {
        if (!cancelled) setOnline("offline");
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  async function check(read: () => Promise<Uint8Array>) {
    if (trust === null) return;
    setBusy(true);
    try {
      const verdict = await verifyWithTrustList(await read(), trust.list, new Date());
      setOutcome({ kind: "verdict", verdict });
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      const reason = (error.details as { reason?: string } | undefined)?.reason;
      setOutcome({ kind: reason === "qr_code" || reason === "image" ? "no_qr_code" : "not_a_seal" });
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() !== "") void check(async () => sealFromBase64url(text.trim()));
  }

  return (
    <div className="stack verify-page" data-testid="verify-page">
      <h1>{t("verify.title")}</h1>
      <p className="muted">{t("verify.intro")}</p>

      <p
        className={`notice ${trust === null ? "notice-warn" : online === "offline" ? "notice-warn" : "notice-ok"}`}
        data-testid="verify-freshness"
        role="status"
      >
        {trust === null
          ? online === "checking"
            ? t("verify.keysLoading")
            : t("verify.keysNone")
          : online === "offline"
            ? t("verify.keysOffline", { time: formatDateTime(trust.fetchedAt, language) })
            : t("verify.keysFresh", { time: formatDateTime(trust.fetchedAt, language) })}
      </p>

      <form className="card stack" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={ids.text}>{t("verify.textLabel")}</label>
          <textarea
            id={ids.text}
            data-testid="verify-text"
            value={text}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            className="mono"
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="row">
          <button type="submit" className="button" disabled={busy || trust === null || text.trim() === ""}>
            {t("verify.check")}
          </button>
        </div>
        <CameraScan onSeal={(seal) => void check(async () => seal)} disabled={busy || trust === null} />
        <div className="field">
          <label htmlFor={ids.image}>{t("verify.imageLabel")}</label>
          <input
            id={ids.image}
            data-testid="verify-image"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={busy || trust === null}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void check(async () => decodeQrImage(await imagePixels(file)));
            }}
          />
        </div>
      </form>

      {outcome === null ? null : outcome.kind === "not_a_seal" ? (
        <p className="notice notice-error" role="alert" data-testid="verify-result" data-status="malformed">
          {t("verify.notASeal")}
        </p>
      ) : outcome.kind === "no_qr_code" ? (
        <p className="notice notice-error" role="alert" data-testid="verify-result" data-status="no_qr_code">
          {t("verify.noQrCode")}
        </p>
      ) : (
        <VerdictCard verdict={outcome.verdict} offline={online === "offline"} language={language} nameOf={nameOf} />
      )}
    </div>
  );
}

function VerdictCard({
  verdict,
  offline,
  language,
  nameOf,
}: {
  verdict: SealVerdict;
  offline: boolean;
  language: string;
  nameOf: ReturnType<typeof useCatalogueName>;
}) {
  const { t } = useTranslation("traveller");
  const { status, data, authority } = verdict;
  const headings = {
    valid: t("verify.status.valid"),
    revoked: t("verify.status.revoked"),
    expired: t("verify.status.expired"),
    not_yet_valid: t("verify.status.notYetValid"),
    forged: t("verify.status.forged"),
    unknown_issuer: t("verify.status.unknownIssuer"),
  } as const;
  const explanations = {
    valid: t("verify.explain.valid"),
    revoked: t("verify.explain.revoked"),
    expired: t("verify.explain.expired"),
    not_yet_valid: t("verify.explain.notYetValid"),
    forged: t("verify.explain.forged"),
    unknown_issuer: t("verify.explain.unknownIssuer"),
  } as const;
  const tone =
    status === "valid" ? "notice-ok" : status === "forged" || status === "revoked" ? "notice-error" : "notice-warn";
  const reference = data === undefined ? null : (parseApplicationReference(data.reference) ?? data.reference);
  return (
    <section className="card stack" data-testid="verify-result" data-status={status} aria-live="polite">
      <h2 className={`notice ${tone}`}>{headings[status]}</h2>
      <p>{explanations[status]}</p>
      {offline && status !== "forged" && status !== "unknown_issuer" ? (
        <p className="muted">{t("verify.offlineRevocation")}</p>
      ) : null}
      {data === undefined || status === "forged" ? null : (
        <dl className="facts">
          <dt>{t("verify.fields.authority")}</dt>
          <dd>
            {authority === undefined
              ? data.authorityId
              : nameOf({ name: authority.name, names: authority.names as never })}
          </dd>
          <dt>{t("verify.fields.surname")}</dt>
          <dd data-testid="verify-surname">{data.surname}</dd>
          <dt>{t("verify.fields.givenNames")}</dt>
          <dd>{data.givenNames}</dd>
          <dt>{t("verify.fields.nationality")}</dt>
          <dd>{countryName(data.nationality, language)}</dd>
          <dt>{t("verify.fields.birthDate")}</dt>
          <dd>{formatDate(data.birthDate, language)}</dd>
          <dt>{t("verify.fields.passportNumber")}</dt>
          <dd className="mono">{data.passportNumber}</dd>
          <dt>{t("verify.fields.reference")}</dt>
          <dd className="mono">{reference}</dd>
          <dt>{t("verify.fields.entries")}</dt>
          <dd>
            {data.entries === "multiple" ? t("verify.entriesMultiple") : t("verify.entries", { count: data.entries })}
          </dd>
          <dt>{t("verify.fields.stay")}</dt>
          <dd>{t("verify.stayDays", { count: data.durationOfStayDays })}</dd>
          <dt>{t("verify.fields.validity")}</dt>
          <dd>
            {t("verify.validity", {
              from: formatDate(data.validFrom, language),
              until: formatDate(data.validUntil, language),
            })}
          </dd>
        </dl>
      )}
    </section>
  );
}
