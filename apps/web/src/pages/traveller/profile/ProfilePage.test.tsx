import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Me } from "../../../api/types.ts";
import type { Profile } from "../../../api/useProfile.ts";
import { sessionKey } from "../../../api/useSession.ts";
import { type ApiCall, fakeApi } from "../../officer/officerTestKit.tsx";
import { renderInLanguage } from "../travellerTestKit.tsx";
import { EmailNotice } from "./EmailNotice.tsx";
import { ProfilePage } from "./ProfilePage.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const traveller: Me = {
  id: "00000000-0000-4000-8000-000000000001",
  via: "session",
  roles: ["traveller"],
  authorityId: null,
  organisationId: null,
  walletAddress: "0x0000000000000000000000000000000000000009",
};

/** A fake profile API with the server's rules: the code "123456" is right, any other wrong. */
function fakeProfileApi(profile: Profile): ApiCall[] {
  return fakeApi((call) => {
    if (call.path === "/auth/session") return { user: traveller };
    if (call.path === "/me/profile" && call.method === "GET") return profile;
    if (call.path === "/me/email/verification") {
      profile.pendingEmail = (call.body as { email: string }).email;
      return { status: "sent", email: profile.pendingEmail, expiresAt: "2026-12-07T06:15:00.000Z" };
    }
    if (call.path === "/me/email/verification/confirm") {
      const { email, code } = call.body as { email: string; code: string };
      if (code !== "123456")
        return { status: 422, body: { error: { code: "ENTRADA_EMAIL_CODE_WRONG", details: { attemptsLeft: 4 } } } };
      Object.assign(profile, { email, pendingEmail: null });
      return profile;
    }
    return undefined;
  });
}

async function signedIn(element: Parameters<typeof renderInLanguage>[0], language: "en" | "zh" | "es") {
  const rendered = await renderInLanguage(element, { language });
  rendered.queryClient.setQueryData(sessionKey, traveller);
  return rendered;
}

describe("ProfilePage", () => {
  it("verifies an address in Chinese: send a code, a wrong code is refused, the right one makes it the address", async () => {
    const calls = fakeProfileApi({ email: null, pendingEmail: null, locale: "zh" });
    await signedIn(<ProfilePage />, "zh");
    expect((await screen.findByTestId("profile-no-email")).textContent).toBe(
      "您还没有已验证的邮箱，因此我们无法通过邮件通知您申请的进展。",
    );
    expect(screen.getByTestId("profile-language").textContent).toContain("中文");
    const send = screen.getByTestId("email-send-code") as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("email-address"), { target: { value: " Ana@Example.org " } });
    fireEvent.click(send);
    expect((await screen.findByTestId("email-code-sent")).textContent).toBe(
      "我们已向 ana@example.org 发送 6 位验证码，请在此输入（15 分钟内有效）。",
    );
    fireEvent.change(screen.getByTestId("email-code"), { target: { value: "12a34-5" } });
    expect((screen.getByTestId("email-code") as HTMLInputElement).value).toBe("12345");
    expect((screen.getByTestId("email-confirm") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("email-code"), { target: { value: "654321" } });
    fireEvent.click(screen.getByTestId("email-confirm"));
    expect((await screen.findByRole("alert")).textContent).toBe("验证码不正确。请查看最新的邮件后重试。");
    fireEvent.change(screen.getByTestId("email-code"), { target: { value: "123456" } });
    fireEvent.click(screen.getByTestId("email-confirm"));
    expect((await screen.findByTestId("email-verified")).textContent).toBe(
      "ana@example.org 已验证：您的申请每有变化，我们都会发邮件到这个地址。",
    );
    expect(screen.queryByTestId("profile-no-email")).toBeNull();
    expect(calls.filter((call) => call.method === "POST").map(({ path, body }) => ({ path, body }))).toEqual([
      { path: "/me/email/verification", body: { email: "ana@example.org" } },
      { path: "/me/email/verification/confirm", body: { email: "ana@example.org", code: "654321" } },
      { path: "/me/email/verification/confirm", body: { email: "ana@example.org", code: "123456" } },
    ]);
  });

  it("stops e-mails to a verified address", async () => {
    const calls = fakeApi((call) => {
      if (call.path === "/me/profile" && call.method === "GET")
        return { email: "ana@example.org", pendingEmail: null, locale: "es" };
      if (call.path === "/me/profile" && call.method === "PATCH")
        return { email: null, pendingEmail: null, locale: "es" };
      return undefined;
    });
    await signedIn(<ProfilePage />, "es");
    expect((await screen.findByTestId("email-verified")).textContent).toBe(
      "ana@example.org está verificado: le escribimos ahí cada cambio de sus solicitudes.",
    );
    fireEvent.click(screen.getByTestId("profile-stop-email"));
    await screen.findByTestId("profile-no-email");
    expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ email: null });
  });
});

describe("EmailNotice", () => {
  it("tells a traveller without a verified address that no e-mail will come, and verifies one inline", async () => {
    fakeProfileApi({ email: null, pendingEmail: null, locale: "es" });
    await signedIn(<EmailNotice />, "es");
    expect((await screen.findByTestId("email-notice")).textContent).toContain(
      "No recibirá correos sobre esta solicitud: no tiene ningún correo verificado.",
    );
    expect(screen.getByRole("link", { name: "Ajustes de avisos" }).getAttribute("href")).toBe("/profile");
    fireEvent.click(screen.getByTestId("email-notice-verify"));
    fireEvent.change(screen.getByTestId("email-address"), { target: { value: "ana@example.org" } });
    fireEvent.click(screen.getByTestId("email-send-code"));
    fireEvent.change(await screen.findByTestId("email-code"), { target: { value: "123456" } });
    fireEvent.click(screen.getByTestId("email-confirm"));
    await waitFor(() => expect(screen.queryByTestId("email-notice")).toBeNull());
  });

  it("says nothing once an address is verified", async () => {
    const calls = fakeProfileApi({ email: "ana@example.org", pendingEmail: null, locale: "en" });
    await signedIn(<EmailNotice />, "en");
    await waitFor(() => expect(calls.some((call) => call.path === "/me/profile")).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByTestId("email-notice")).toBeNull();
  });
});
