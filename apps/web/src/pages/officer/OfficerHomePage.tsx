import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCatalogueName } from "../../i18n/useCatalogueName.ts";
import { OfficerQueue } from "./OfficerQueue.tsx";
import { fetchAuthorities, officerKeys } from "./officerQueries.ts";
import { type Officer, RequireOfficer } from "./RequireOfficer.tsx";

/**
 * `/officer`: the officer's desk — their authority's queue, live — or, for anyone else, how officers
 * sign in (on the local chain, as a demo officer of a chosen authority).
 */
export default function OfficerHomePage() {
  return <RequireOfficer>{(officer) => <OfficerDesk officer={officer} />}</RequireOfficer>;
}

function OfficerDesk({ officer }: { officer: Officer }) {
  const { t } = useTranslation("officer");
  const nameOf = useCatalogueName();
  const authorities = useQuery({
    queryKey: officerKeys.authorities(),
    queryFn: ({ signal }) => fetchAuthorities(signal),
    staleTime: 5 * 60_000,
  });
  const authority = authorities.data?.find((candidate) => candidate.id === officer.authorityId);
  return (
    <div className="stack">
      <div className="page-heading">
        <div>
          <h1 tabIndex={-1}>{t("desk.title")}</h1>
          <p className="muted" data-testid="officer-authority-name">
            {authority ? nameOf(authority) : officer.authorityId}
          </p>
        </div>
        <Link className="button button-quiet" to="/officer/dashboard" data-testid="officer-dashboard-link">
          {t("desk.dashboardLink")}
        </Link>
      </div>
      <OfficerQueue authorityId={officer.authorityId} />
    </div>
  );
}
