import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout.tsx";
import { ApplicationPage } from "./pages/traveller/ApplicationPage.tsx";
import { ApplicationsPage } from "./pages/traveller/ApplicationsPage.tsx";
import { ApplyPage } from "./pages/traveller/ApplyPage.tsx";
import { HomePage } from "./pages/traveller/HomePage.tsx";
import { IdentityPage } from "./pages/traveller/IdentityPage.tsx";
import { MailboxPage } from "./pages/traveller/MailboxPage.tsx";
import { NotFoundPage } from "./pages/traveller/NotFoundPage.tsx";
import { ProfilePage } from "./pages/traveller/profile/ProfilePage.tsx";
import { TransactionPage } from "./pages/traveller/TransactionPage.tsx";
import { WalletPage } from "./pages/traveller/WalletPage.tsx";

// The officer's pages (and their charts) load only when an officer opens them.
const OfficerHomePage = lazy(() => import("./pages/officer/OfficerHomePage.tsx"));
const OfficerApplicationPage = lazy(() => import("./pages/officer/OfficerApplicationPage.tsx"));
const OfficerDashboardPage = lazy(() => import("./pages/officer/OfficerDashboardPage.tsx"));
const KycReviewPage = lazy(() => import("./pages/officer/KycReviewPage.tsx"));

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="progress" role="status">
      {t("loading")}
    </p>
  );
}

/** The app's pages. */
export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="apply" element={<ApplyPage />} />
          <Route path="apply/:productId" element={<ApplyPage />} />
          <Route path="applications" element={<ApplicationsPage />} />
          <Route path="applications/:id" element={<ApplicationPage />} />
          <Route path="identity" element={<IdentityPage />} />
          <Route path="wallet" element={<WalletPage />} />
          <Route path="mailbox" element={<MailboxPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="tx/:hash" element={<TransactionPage />} />
          <Route path="officer" element={<OfficerHomePage />} />
          <Route path="officer/applications/:id" element={<OfficerApplicationPage />} />
          <Route path="officer/dashboard" element={<OfficerDashboardPage />} />
          <Route path="officer/kyc" element={<KycReviewPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
