import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";

/** Parameters of {@link ChartSection}. */
export type ChartSectionProps = {
  title: string;
  /** What the chart shows, in words (its accessible description, also shown under the title). */
  description: string;
  /** The chart's accessible name ("Bar chart of …"). */
  label: string;
  testId: string;
  chart: ReactNode;
  /** The same numbers as the chart, as a table (a caption is added). */
  table: ReactNode;
};

/**
 * A chart people can read any way: a heading, a sentence that says what it shows, the chart as one
 * labelled image, and a table with the same numbers — always in the accessibility tree (visually
 * hidden), and shown on screen with the toggle.
 */
export function ChartSection({ title, description, label, testId, chart, table }: ChartSectionProps) {
  const { t } = useTranslation("officer");
  const id = useId();
  const [showTable, setShowTable] = useState(false);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-description`} className="muted">
        {description}
      </p>
      <div className="chart" role="img" aria-label={label} aria-describedby={`${id}-description`}>
        {chart}
      </div>
      <button
        type="button"
        className="button button-quiet"
        aria-expanded={showTable}
        aria-controls={`${id}-table`}
        onClick={() => setShowTable((shown) => !shown)}
      >
        {showTable ? t("dashboard.hideTable") : t("dashboard.showTable")}
      </button>
      <div id={`${id}-table`} className={showTable ? "table-scroll" : "visually-hidden"}>
        {table}
      </div>
    </section>
  );
}
