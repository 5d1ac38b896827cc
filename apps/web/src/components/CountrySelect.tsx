import type { SelectHTMLAttributes } from "react";
import type { CountryOption } from "../format/countries.ts";

/** Parameters of {@link CountrySelect}: a select's own attributes, the options and the empty choice's text. */
export type CountrySelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  options: CountryOption[];
  /** The text of the empty first choice ("Choose a country"). */
  placeholder: string;
};

/**
 * A country picker: names in the reader's language, sorted as they sort, the code as the value.
 *
 * @example
 * <CountrySelect options={nationalityOptions("en")} placeholder="Choose a country" value={code} onChange={…} />
 */
export function CountrySelect({ options, placeholder, ...select }: CountrySelectProps) {
  return (
    <select {...select}>
      <option value="">{placeholder}</option>
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name}
        </option>
      ))}
    </select>
  );
}
