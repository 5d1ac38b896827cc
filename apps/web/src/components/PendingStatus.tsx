/** Props of {@link PendingStatus}. */
export type PendingStatusProps = {
  /** Whether the action is under way. */
  pending: boolean;
  /** What is happening, in the page's language, while it is. */
  text: string;
  testId?: string;
};

/**
 * The live line under an action's button: visible while the action runs, and kept in the page
 * (visually hidden) otherwise so that screen readers hear it when it starts.
 *
 * @example
 * <PendingStatus pending={move.isPending} text={movingLine} testId="identity-move-progress" />
 */
export function PendingStatus({ pending, text, testId }: PendingStatusProps) {
  return (
    <p role="status" className={pending ? "progress" : "visually-hidden"} data-testid={testId}>
      {pending ? text : ""}
    </p>
  );
}
