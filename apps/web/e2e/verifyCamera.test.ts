import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@entrada/server";
import { encodeVisaSeal } from "@entrada/verify";
import { testVisa } from "@entrada/verify/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordCipher } from "../../server/src/crypto/createRecordCipher.ts";
import { createAuthorityKeys } from "../../server/src/services/createAuthorityKeys.ts";
import { sealQrCode } from "../../server/src/views/evisaView.ts";
import { visible } from "./flows.ts";
import { browserAvailable, launchBrowser, openVisitor, type Stack, screenshot, startStack } from "./harness.ts";

const day = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

/**
 * A video file Chromium plays as its camera (`--use-file-for-fake-video-capture`): YUV4MPEG2, 4:2:0,
 * a few frames of the seal's QR code (black on white, quiet zone of four modules) in the middle of
 * a grey 640 × 480 picture, as a phone held over a printed visa would film it.
 */
function qrVideo(seal: Uint8Array): Buffer {
  const width = 640;
  const height = 480;
  const qr = sealQrCode(seal).modules;
  const quiet = 4;
  const scale = Math.floor(400 / (qr.size + 2 * quiet));
  const side = (qr.size + 2 * quiet) * scale;
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  const luma = Buffer.alloc(width * height, 128);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const row = Math.floor(y / scale) - quiet;
      const column = Math.floor(x / scale) - quiet;
      const dark = row >= 0 && column >= 0 && row < qr.size && column < qr.size && qr.get(row, column) === 1;
      luma[(top + y) * width + left + x] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]);
}

describe.skipIf(!browserAvailable)("/verify's camera in Chromium", () => {
  let stack: Stack;
  let browser: Browser;
  let videoDir: string;

  beforeAll(async () => {
    stack = await startStack();
    // startStack sets no MASTER_KEY: the development master key, as the running server has it.
    const { masterKey } = loadConfig({ NODE_ENV: "development" });
    const keys = createAuthorityKeys({ db: stack.entrada.database.db, cipher: createRecordCipher({ masterKey }) });
    const signer = await keys.sealSigner("th-evisa");
    const visa = testVisa(
      { authorityId: "th-evisa", kid: signer.kid },
      { issuedOn: isoDay(-1), validFrom: isoDay(-1), validUntil: isoDay(60), statusIndex: 7 },
    );
    const seal = await encodeVisaSeal(visa, signer.sign);
    videoDir = await mkdtemp(join(tmpdir(), "entrada-camera-"));
    const video = join(videoDir, "qr.y4m");
    await writeFile(video, qrVideo(seal));
    browser = await launchBrowser({
      extraArgs: ["--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (videoDir !== undefined) await rm(videoDir, { recursive: true, force: true });
  });

  test("a QR code held up to the camera is read and verified", async () => {
    const { context, page, consoleErrors } = await openVisitor(browser, { locale: "es-ES", width: 390, height: 844 });
    await context.grantPermissions(["camera"], { origin: stack.url });
    await page.goto(`${stack.url}/verify`);
    await visible(page, "verify-page");

    // Enabled once the authorities' keys are loaded (the click waits for that).
    await page.getByRole("button", { name: "Escanear con la cámara" }).click();
    await expect
      .poll(() => page.getByTestId("verify-result").getAttribute("data-status"), { timeout: 30_000 })
      .toBe("valid");
    expect(await page.getByTestId("verify-surname").textContent()).toBe("ERIKSSON");
    expect(await page.getByTestId("verify-result").textContent()).toContain("L898902C3");
    // The scan stopped once it had a code: the camera is off again.
    expect(await page.locator("video").count()).toBe(0);
    await screenshot(page, "verify-camera-es");
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test("a refused camera says so, and the other ways to verify remain", async () => {
    const { context, page } = await openVisitor(browser, { locale: "zh-CN", width: 390, height: 844 });
    // No permission granted: the browser refuses the camera.
    await page.goto(`${stack.url}/verify`);
    await visible(page, "verify-page");
    await page.getByRole("button", { name: "用摄像头扫描" }).click();
    await expect.poll(() => page.getByText("无法打开摄像头").count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId("verify-text").isVisible()).toBe(true);
    await context.close();
  });
});
