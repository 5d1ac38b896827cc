/** Parameters of {@link StepIndicator}. */
export type StepIndicatorProps<Step extends string> = {
  steps: readonly { id: Step; label: string }[];
  current: Step;
  /** The list's accessible name ("Progress"). */
  label: string;
};

/**
 * Where the traveller is in a flow: an ordered list, the current step marked `aria-current="step"`,
 * the earlier ones done (with a visually hidden "done" for screen readers).
 *
 * @example
 * <StepIndicator steps={[{ id: "identity", label: "Identity" }, …]} current="visa" label="Progress" />
 */
export function StepIndicator<Step extends string>({ steps, current, label }: StepIndicatorProps<Step>) {
  const currentIndex = steps.findIndex((step) => step.id === current);
  return (
    <ol className="steps" aria-label={label} data-testid="steps">
      {steps.map((step, index) => (
        <li
          key={step.id}
          className={index < currentIndex ? "done" : undefined}
          data-step={step.id}
          {...(index === currentIndex ? { "aria-current": "step" as const } : {})}
        >
          <span aria-hidden="true">{index + 1}. </span>
          {step.label}
        </li>
      ))}
    </ol>
  );
}
