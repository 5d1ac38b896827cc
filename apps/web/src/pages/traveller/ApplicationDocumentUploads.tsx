import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApplicationDetails } from "../../api/travellerTypes.ts";
import type { Product } from "../../api/types.ts";
import { supportingDocumentKinds, uploadApplicationDocument } from "../../api/uploadApplicationDocument.ts";
import { applicationKey } from "../../api/useApplication.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { SupportingDocumentFields } from "../../components/SupportingDocumentFields.tsx";

/**
 * On a draft, or an application the officer asked about: the supporting documents it still lacks,
 * and those the officer asked for, each sent as soon as it is chosen (`POST …/documents`).
 */
export function ApplicationDocumentUploads({
  application,
  product,
  showMissing,
}: {
  application: ApplicationDetails;
  product: Product;
  showMissing: boolean;
}) {
  const { t } = useTranslation("traveller");
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<Partial<Record<string, File>>>({});
  const uploaded = application.documents.map((document) => document.kind);
  const requested = application.requestedDocuments;
  // What the officer asked for stays listed, marked done, once it is uploaded: the upload changes the
  // application, and the form around this list starts again from it, so the list is read from the
  // application's own documents rather than kept in state.
  const kinds = [
    ...new Set([
      ...requested,
      ...supportingDocumentKinds(product),
      ...supportingDocumentKinds({ requiredDocuments: uploaded }),
    ]),
  ];
  const send = useMutation({
    mutationFn: ({ kind, file }: { kind: string; file: File }) => uploadApplicationDocument(application.id, kind, file),
    onSuccess: (updated) => queryClient.setQueryData(applicationKey(application.id), updated),
  });
  if (kinds.length === 0) return null;
  const done = kinds.filter((kind) => uploaded.includes(kind) && !requested.includes(kind));
  return (
    <div className="stack">
      <SupportingDocumentFields
        kinds={kinds}
        files={files}
        uploaded={done}
        uploading={send.isPending && send.variables ? [send.variables.kind] : []}
        showMissing={showMissing}
        legend={requested.length > 0 ? t("supporting.requestedTitle") : t("supporting.legend")}
        onChoose={(kind, file) => {
          setFiles((current) => ({ ...current, [kind]: file ?? undefined }));
          if (file) send.mutate({ kind, file });
        }}
      />
      {send.error ? (
        <ErrorNotice
          error={send.error}
          actions={{ retry: () => (send.variables ? send.mutate(send.variables) : undefined) }}
        />
      ) : null}
    </div>
  );
}
