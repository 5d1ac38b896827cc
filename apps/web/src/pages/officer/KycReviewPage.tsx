import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/api.ts";
import { useClientConfig } from "../../api/ClientConfigContext.tsx";
import type { Me, Page } from "../../api/types.ts";
import { sessionKey, useSession } from "../../api/useSession.ts";
import { ErrorNotice } from "../../components/ErrorNotice.tsx";
import { IdentityErrorNotice } from "../../identity/IdentityErrorNotice.tsx";
import { identityKeys } from "../../identity/identityQueries.ts";
import type { KycReview } from "../../identity/identityTypes.ts";
import { KycReviewCase } from "./KycReviewCase.tsx";

/** Cases per page of the queue. */
const reviewPageSize = 10;

/**
 * On the local development chain: sign in as a demo KYC reviewer (`POST /auth/dev-login`), so that
 * anyone can try the review desk in a plain browser.
 */
function DemoKycReviewerSignIn() {
  const { t } = useTranslation("identity");
  const queryClient = useQueryClient();
  const signIn = useMutation({
    mutationFn: () =>
      api<{ user: Me; expiresAt: string }>("POST", "/auth/dev-login", { body: { role: "kyc_reviewer" } }),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(sessionKey, user);
      requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
    },
  });
  return (
    <div className="card stack">
      <h2>{t("kyc.demoTitle")}</h2>
      <p>{t("kyc.demoIntro")}</p>
      <div className="row">
        <button
          type="button"
          className="button"
          data-testid="kyc-sign-in"
          disabled={signIn.isPending}
          onClick={() => signIn.mutate()}
        >
          {t("kyc.demoButton")}
        </button>
      </div>
      <p role="status" className={signIn.isPending ? "progress" : "visually-hidden"}>
        {signIn.isPending ? t("kyc.signingIn") : ""}
      </p>
      {signIn.error ? <ErrorNotice error={signIn.error} actions={{ retry: () => signIn.mutate() }} /> : null}
    </div>
  );
}

/** Renders the desk for a signed-in KYC reviewer; anyone else is told how reviewers sign in. */
function RequireKycReviewer({ children }: { children: ReactNode }) {
  const { t } = useTranslation("identity");
  const config = useClientConfig();
  const { me, isLoading } = useSession();
  if (isLoading) {
    return (
      <p className="progress" role="status">
        {t("kyc.checking")}
      </p>
    );
  }
  if (me?.roles.includes("kyc_reviewer")) return children;
  return (
    <section className="stack">
      <h1 tabIndex={-1}>{t("kyc.title")}</h1>
      <p>{me ? t("kyc.notReviewer") : t("kyc.signInIntro")}</p>
      {config.features.devLogin ? (
        <DemoKycReviewerSignIn />
      ) : (
        <p className="notice notice-warn">{t("kyc.production")}</p>
      )}
    </section>
  );
}

/** The queue: flagged identity checks, oldest first, each decided in place. */
function KycQueue() {
  const { t } = useTranslation("identity");
  const [announcement, setAnnouncement] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const reviews = useInfiniteQuery({
    queryKey: identityKeys.reviews(),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(reviewPageSize) });
      if (pageParam) query.set("cursor", pageParam);
      return api<Page<KycReview>>("GET", `/identity/reviews?${query}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const cases = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="stack kyc-desk">
      <h1 ref={heading} tabIndex={-1}>
        {t("kyc.title")}
      </h1>
      <p className="muted">{t("kyc.intro")}</p>
      <p role="status" className={announcement ? "notice notice-ok" : "visually-hidden"} data-testid="kyc-announcement">
        {announcement}
      </p>
      {reviews.isLoading ? (
        <p className="progress" role="status">
          {t("kyc.loading")}
        </p>
      ) : null}
      {reviews.error ? <IdentityErrorNotice error={reviews.error} onRetry={() => void reviews.refetch()} /> : null}
      {reviews.data && cases.length === 0 ? (
        <p className="notice notice-ok" data-testid="kyc-empty">
          {t("kyc.empty")}
        </p>
      ) : null}
      {cases.map((review) => (
        <KycReviewCase
          key={review.id}
          review={review}
          onDecided={(decision) => {
            setAnnouncement(
              decision === "pass"
                ? t("kyc.passed", { id: review.id.slice(0, 8) })
                : t("kyc.failed", { id: review.id.slice(0, 8) }),
            );
            void reviews.refetch();
            heading.current?.focus();
          }}
        />
      ))}
      {reviews.hasNextPage ? (
        <button
          type="button"
          className="button button-quiet"
          disabled={reviews.isFetchingNextPage}
          onClick={() => void reviews.fetchNextPage()}
        >
          {t("kyc.more")}
        </button>
      ) : null}
    </div>
  );
}

/**
 * `/officer/kyc`: the KYC reviewers' desk — identity checks flagged by the pipeline (a sanctions
 * list look-alike, a passport already verified by another account, a name variant, an
 * inconclusive liveness check), each passed or failed with a reason. On the local chain anyone can
 * sign in as a demo reviewer.
 */
export default function KycReviewPage() {
  return (
    <RequireKycReviewer>
      <KycQueue />
    </RequireKycReviewer>
  );
}
