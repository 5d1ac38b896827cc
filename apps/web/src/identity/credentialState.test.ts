import { describe, expect, it } from "vitest";
import { credentialState, type HeldCredential } from "./credentialState.ts";
import type { CredentialView, IdentityCurrent, VerificationView } from "./identityTypes.ts";

const now = new Date("2026-06-01T00:00:00Z");
const uri = "http://127.0.0.1:3000/api/v1/identity/status-lists/1";

const verification = (status: VerificationView["status"]): VerificationView => ({
  id: "v1",
  status,
  reasons: [],
  checkedAt: "2026-05-01T00:00:00Z",
  reviewedAt: null,
  documents: [],
  createdAt: "2026-05-01T00:00:00Z",
});

const credential = (index: number, status: CredentialView["status"] = "active"): CredentialView => ({
  id: `c${index}`,
  status,
  issuedAt: "2026-05-01T00:00:00Z",
  expiresAt: "2027-05-01T00:00:00Z",
  revokedAt: status === "revoked" ? "2026-05-02T00:00:00Z" : null,
  revocationReason: status === "revoked" ? "lost" : null,
  statusList: { id: 1, index, uri },
});

const held = (idx: number, expiresAt = Date.parse("2027-05-01T00:00:00Z") / 1000): HeldCredential => ({
  expiresAt,
  status: { idx, uri },
});

const current = (v: VerificationView["status"] | null, c: CredentialView | null): IdentityCurrent => ({
  verification: v === null ? null : verification(v),
  credential: c,
});

describe("credentialState", () => {
  it("offers the credential held here while the server knows it as its newest, active one", () => {
    expect(credentialState(held(7), current("passed", credential(7)), now)).toBe("usable");
  });

  it("offers to move a credential active on another device here, and to issue one when there is none", () => {
    expect(credentialState(held(7), current("passed", credential(9)), now)).toBe("movable");
    expect(credentialState(null, current("passed", credential(9)), now)).toBe("movable");
    expect(credentialState(null, current("passed", null), now)).toBe("issuable");
  });

  it("tells a browser whose credential was moved away so, while the moved one is valid", () => {
    const movedAway = { ...credential(7, "revoked"), revocationReason: "moved" };
    expect(credentialState(held(7), current("passed", credential(9)), now, movedAway)).toBe("moved");
    // Moved, then revoked where it went (lost phone): a new check, as for any revocation.
    expect(credentialState(held(7), current("passed", credential(9, "revoked")), now, movedAway)).toBe("revoked");
    // Revoked here for another reason: not "moved".
    expect(credentialState(held(7), current("passed", credential(9)), now, credential(7, "revoked"))).toBe("movable");
  });

  it("tells a revoked or expired credential apart, and asks for a new check then", () => {
    expect(credentialState(held(7), current("passed", credential(7, "revoked")), now)).toBe("revoked");
    expect(credentialState(null, current("passed", credential(7, "revoked")), now)).toBe("revoked");
    expect(credentialState(held(7), current("passed", credential(7, "expired")), now)).toBe("expired");
    expect(
      credentialState(held(7, Date.parse("2026-05-31T00:00:00Z") / 1000), current("passed", credential(7)), now),
    ).toBe("expired");
  });

  it("follows the check when there is no credential: none, flagged for review, failed", () => {
    expect(credentialState(null, current(null, null), now)).toBe("unverified");
    expect(credentialState(null, current("flagged", null), now)).toBe("flagged");
    expect(credentialState(null, current("failed", null), now)).toBe("failed");
    expect(credentialState(held(7), current("flagged", credential(9, "revoked")), now)).toBe("flagged");
  });
});
