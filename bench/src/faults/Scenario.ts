import type { FaultStack } from "./startFaultStack.ts";
import type { Convergence } from "./waitForConvergence.ts";

/** One line of bench/results/faults.json. */
export type ScenarioResult = {
  scenario: string;
  /** What was done to the system, and when in the workload. */
  injected: string;
  converged: boolean;
  /** From the injection to the first check that found everything settled; `null` when it never did. */
  secondsToConverge: number | null;
  paymentsChecked: number;
  /** Token minor units (USDC, 6 decimals) the database and the chain disagree on: must be 0. */
  unitsLost: number;
  /** Second payments, settlements or notifications: must be 0. */
  duplicates: number;
  /** The same message received again under the same id (receivers deduplicate it); reported, not a duplicate. */
  redeliveries: number;
  /**
   * Server processes that exited without the suite killing them (crashes, fatal stops), each started
   * again a second later as a process manager would.
   */
  serverExits: number;
  notes: string[];
};

/** A fault scenario: drives a workload, injects its fault, waits for convergence, reports. */
export type Scenario = {
  /** Short name, as given on the command line. */
  name: string;
  /** One line on what it proves. */
  summary: string;
  run(stack: FaultStack): Promise<ScenarioResult>;
};

/**
 * A result from a convergence wait and the scenario's own notes; the check's remaining problems are
 * added to the notes when it did not converge.
 *
 * @example
 * return toResult("kill-payments", "SIGKILL after 8 of 24 answers", convergence, notes);
 */
export function toResult(
  scenario: string,
  injected: string,
  convergence: Convergence,
  notes: string[],
): ScenarioResult {
  const { check } = convergence;
  const problems = check.settled
    ? check.problems.filter((problem) => !problem.includes(" outbox events, "))
    : check.problems;
  return {
    scenario,
    injected,
    converged: convergence.converged,
    secondsToConverge: convergence.secondsToConverge === null ? null : Number(convergence.secondsToConverge.toFixed(1)),
    paymentsChecked: check.paymentsChecked,
    unitsLost: Number(check.unitsLost),
    duplicates: check.duplicates,
    redeliveries: check.redeliveries,
    serverExits: 0,
    notes: [
      ...notes,
      ...problems.slice(0, 20),
      check.problems.find((p) => p.includes(" outbox events, ")) ?? "",
    ].filter((note) => note !== ""),
  };
}
