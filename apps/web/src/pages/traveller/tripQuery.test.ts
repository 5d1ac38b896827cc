import { describe, expect, test } from "vitest";
import { takeOverServerForm, tripFromSearch } from "./tripQuery.ts";

describe("tripFromSearch", () => {
  test("a submitted form's trip; nothing without a nationality and a destination in the form's codes", () => {
    expect(tripFromSearch("?nationality=USA&destination=GB&purpose=business&travelDate=2027-01-02")).toEqual({
      nationality: "USA",
      destination: "GB",
      purpose: "business",
      travelDate: "2027-01-02",
      birthDate: "",
    });
    expect(tripFromSearch("?nationality=USA&destination=GB&purpose=spying&birthDate=1-2-3")).toMatchObject({
      purpose: "tourist",
      birthDate: "",
    });
    expect(tripFromSearch("")).toBeUndefined();
    expect(tripFromSearch("?nationality=usa&destination=GB")).toBeUndefined();
    expect(tripFromSearch("?nationality=USA&destination=")).toBeUndefined();
  });
});

describe("takeOverServerForm", () => {
  test("what was chosen in the server's form and where the focus was; its controls disabled; once", () => {
    document.body.innerHTML = `<form data-server-form="">
      <select id="eligibility-nationality" name="nationality"><option value="">Choose</option><option value="USA">United States</option></select>
      <select id="eligibility-destination" name="destination"><option value="">Choose</option><option value="GB">United Kingdom</option></select>
      <select name="purpose"><option value="tourist" selected>Tourism</option><option value="business">Business</option></select>
      <input type="date" name="travelDate" value="" /><input type="date" name="birthDate" value="" />
      <button type="submit">Check</button></form>`;
    const nationality = document.getElementById("eligibility-nationality") as HTMLSelectElement;
    nationality.value = "USA";
    nationality.focus();
    const handover = takeOverServerForm(document);
    expect(handover).toEqual({
      focusedId: "eligibility-nationality",
      trip: { nationality: "USA", destination: "", purpose: "tourist", travelDate: "", birthDate: "" },
      countries: {
        placeholder: "Choose",
        nationalities: [{ code: "USA", name: "United States" }],
        destinations: [{ code: "GB", name: "United Kingdom" }],
      },
    });
    expect(
      [...document.querySelectorAll("select, input, button")].every(
        (control) => (control as HTMLInputElement).disabled,
      ),
    ).toBe(true);
    expect(takeOverServerForm(document)).toBe(handover);
  });
});
