import { type ComponentType, lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, Route, Routes } from "react-router";
import { Layout } from "./components/Layout.tsx";
import { HomePage } from "./pages/traveller/HomePage.tsx";
import { NotFoundPage } from "./pages/traveller/NotFoundPage.tsx";
import { RequireWallet } from "./wallet/WalletProvider.tsx";

/** A page exported by name, as its own chunk loaded when first opened. */
function page<Module>(load: () => Promise<Module>, name: keyof Module) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// Only the home page (the eligibility form) is in the entry script; every other page is its own chunk,
// and those that pay, sign or hold a credential also wait for the wallet code (wagmi, viem).
const ApplyPage = page(() => import("./pages/traveller/ApplyPage.tsx"), "ApplyPage");
const ApplicationPage = page(() => import("./pages/traveller/ApplicationPage.tsx"), "ApplicationPage");
const ApplicationsPage = page(() => import("./pages/traveller/ApplicationsPage.tsx"), "ApplicationsPage");
const IdentityPage = page(() => import("./pages/traveller/IdentityPage.tsx"), "IdentityPage");
const MailboxPage = page(() => import("./pages/traveller/MailboxPage.tsx"), "MailboxPage");
const ProfilePage = page(() => import("./pages/traveller/profile/ProfilePage.tsx"), "ProfilePage");
const TransactionPage = page(() => import("./pages/traveller/TransactionPage.tsx"), "TransactionPage");
const WalletPage = page(() => import("./pages/traveller/WalletPage.tsx"), "WalletPage");
// Border and airline staff verify e-visas here, also offline (the worker keeps the page and the trust list).
const VerifyPage = page(() => import("./pages/verify/VerifyPage.tsx"), "VerifyPage");
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

/** The page's own chunk (and translations) loading under the header, which stays. */
function PageChunk() {
  return (
    <Suspense fallback={<Loading />}>
      <Outlet />
    </Suspense>
  );
}

/** Pages that use the wallet: shown once its code has loaded. */
function WalletPages() {
  return (
    <RequireWallet>
      <Outlet />
    </RequireWallet>
  );
}

/** The app's pages. */
export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Layout />}>
          <Route element={<PageChunk />}>
            <Route index element={<HomePage />} />
            <Route path="mailbox" element={<MailboxPage />} />
            <Route path="verify" element={<VerifyPage />} />
            <Route element={<WalletPages />}>
              <Route path="applications" element={<ApplicationsPage />} />
              <Route path="apply" element={<ApplyPage />} />
              <Route path="apply/:productId" element={<ApplyPage />} />
              <Route path="applications/:id" element={<ApplicationPage />} />
              <Route path="identity" element={<IdentityPage />} />
              <Route path="wallet" element={<WalletPage />} />
              <Route path="profile" element={<ProfilePage />} />
              <Route path="tx/:hash" element={<TransactionPage />} />
            </Route>
            <Route path="officer" element={<OfficerHomePage />} />
            <Route path="officer/applications/:id" element={<OfficerApplicationPage />} />
            <Route path="officer/dashboard" element={<OfficerDashboardPage />} />
            <Route path="officer/kyc" element={<KycReviewPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
