import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/ApiError.ts";
import { IdentityErrorNotice } from "./IdentityErrorNotice.tsx";

/** The file name the server gives the export (`Content-Disposition`), else a dated one. */
function fileNameOf(response: Response): string {
  const disposition = response.headers.get("content-disposition") ?? "";
  const match = disposition.match(/filename="?([^";]+)"?/);
  return match?.[1] ?? `entrada-export-${new Date().toISOString().slice(0, 10)}.json`;
}

/**
 * Downloads everything Entrada holds about the traveller (`GET /me/export`: profile, identity
 * checks, credentials, disclosures, applications, messages) as a JSON file.
 *
 * @example
 * <ExportData />
 */
export function ExportData() {
  const { t } = useTranslation("identity");
  const download = useMutation({
    mutationFn: async () => {
      let response: Response;
      try {
        response = await fetch("/api/v1/me/export", {
          credentials: "same-origin",
          headers: { accept: "application/json" },
        });
      } catch {
        throw new ApiError({ status: 0, code: "NETWORK_DOWN", message: "The server could not be reached." });
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as
          | { error?: { code?: string; message?: string } }
          | undefined;
        throw new ApiError({
          status: response.status,
          code: body?.error?.code ?? "SERVER_ERROR",
          message: body?.error?.message ?? response.statusText,
        });
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = fileNameOf(response);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { size: blob.size, name: link.download };
    },
  });
  return (
    <div className="stack" data-testid="export-data">
      <p>{t("export.intro")}</p>
      <div className="row">
        <button
          type="button"
          className="button button-quiet"
          data-testid="export-button"
          disabled={download.isPending}
          onClick={() => download.mutate()}
        >
          {t("export.button")}
        </button>
      </div>
      <p role="status" className={download.isPending ? "progress" : download.isSuccess ? "" : "visually-hidden"}>
        {download.isPending
          ? t("export.pending")
          : download.isSuccess
            ? t("export.done", { name: download.data.name })
            : ""}
      </p>
      {download.error ? <IdentityErrorNotice error={download.error} onRetry={() => download.mutate()} /> : null}
    </div>
  );
}
