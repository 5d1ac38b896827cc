import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

/** Any address the app does not know: says so, and offers the way back. */
export function NotFoundPage() {
  const { t } = useTranslation("traveller");
  const { pathname } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="stack" data-testid="not-found">
      <h1 ref={heading} tabIndex={-1}>
        {t("notFound.title")}
      </h1>
      <p>
        {t("notFound.text")} <span className="mono">{pathname}</span>
      </p>
      <div className="row">
        <Link className="button" to="/">
          {t("notFound.home")}
        </Link>
        <Link className="button button-quiet" to="/applications">
          {t("notFound.applications")}
        </Link>
      </div>
    </div>
  );
}
