import { beforeEach, describe, expect, it } from "vitest";
import { clearDraft, draftKey, loadDraft, newDraft, saveDraft } from "./applyDraft.ts";

describe("apply drafts", () => {
  beforeEach(() => localStorage.clear());

  it("keeps a draft per product across reloads", () => {
    const draft = newDraft("gb-eta", "key-1", { nationality: "ESP" });
    saveDraft({ ...draft, step: "payment", answers: { email: "ana@example.com" }, applicationId: "app-1" });
    saveDraft(newDraft("th-transit", "key-2"));
    const loaded = loadDraft("gb-eta");
    expect(loaded).toMatchObject({
      productId: "gb-eta",
      step: "payment",
      answers: { email: "ana@example.com" },
      applicationId: "app-1",
      createKey: "key-1",
    });
    expect(loaded?.identity.nationality).toBe("ESP");
    expect(loaded?.identity.surname).toBe("");
    expect(loadDraft("th-transit")?.createKey).toBe("key-2");
  });

  it("keeps a presented identity of its own product, and drops any other", () => {
    const presentation = {
      id: "p1",
      claims: ["given_name", "family_name"],
      productId: "gb-eta",
      authorityId: "gb-eta",
      presentedAt: "2026-05-01T10:00:00Z",
    };
    saveDraft({ ...newDraft("gb-eta", "key-1"), presentation });
    expect(loadDraft("gb-eta")?.presentation).toEqual(presentation);
    expect(newDraft("gb-eta", "key-2").presentation).toBeNull();
    saveDraft({ ...newDraft("au-eta", "key-3"), presentation });
    expect(loadDraft("au-eta")?.presentation).toBeNull();
    localStorage.setItem(
      draftKey("gb-eta"),
      JSON.stringify({ ...newDraft("gb-eta", "k"), presentation: { ...presentation, claims: [1] } }),
    );
    expect(loadDraft("gb-eta")?.presentation).toBeNull();
  });

  it("is gone once cleared", () => {
    saveDraft(newDraft("gb-eta", "key-1"));
    clearDraft("gb-eta");
    expect(loadDraft("gb-eta")).toBeNull();
    expect(loadDraft("th-transit")).toBeNull();
  });

  it("starts over rather than trusting a broken draft", () => {
    localStorage.setItem(draftKey("gb-eta"), "{not json");
    expect(loadDraft("gb-eta")).toBeNull();
    localStorage.setItem(draftKey("gb-eta"), JSON.stringify({ version: 2, productId: "gb-eta" }));
    expect(loadDraft("gb-eta")).toBeNull();
    localStorage.setItem(draftKey("gb-eta"), JSON.stringify({ ...newDraft("gb-eta", "k"), step: "nowhere" }));
    expect(loadDraft("gb-eta")).toBeNull();
    localStorage.setItem(
      draftKey("gb-eta"),
      JSON.stringify({
        ...newDraft("gb-eta", "k"),
        identity: { surname: 42, given_names: "Ana" },
        answers: { email: 1 },
      }),
    );
    expect(loadDraft("gb-eta")).toMatchObject({ identity: { surname: "", given_names: "Ana" }, answers: {} });
  });
});
