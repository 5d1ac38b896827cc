import { decodeQrImage, VerifyError } from "@entrada/verify";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** How often a frame is looked at, and how wide it is drawn for jsQR (a QR a third of the frame reads well). */
const frameIntervalMs = 250;
const frameWidth = 640;

/**
 * Scans the QR code with the camera: frames of the video drawn on a canvas and read by
 * `decodeQrImage` (jsQR) until one holds a code. Not `BarcodeDetector`: it answers a code's content as
 * text, and the seal is binary (byte mode), whose bytes text would change. Shown only where the
 * browser has a camera API; a refused or missing camera says so, and the file input remains.
 */
export function CameraScan({ onSeal, disabled }: { onSeal: (seal: Uint8Array) => void; disabled: boolean }) {
  const { t } = useTranslation("traveller");
  const video = useRef<HTMLVideoElement>(null);
  // The latest callback, read by the running scan without restarting the camera on every render.
  const onSealRef = useRef(onSeal);
  onSealRef.current = onSeal;
  const [state, setState] = useState<"idle" | "scanning" | "error">("idle");

  useEffect(() => {
    if (state !== "scanning") return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (opened) => {
        stream = opened;
        if (stopped || video.current === null || context === null) return;
        video.current.srcObject = opened;
        await video.current.play();
        timer = setInterval(() => {
          const element = video.current;
          if (element === null || element.readyState < 2 || element.videoWidth === 0) return;
          canvas.width = Math.min(frameWidth, element.videoWidth);
          canvas.height = Math.round((element.videoHeight * canvas.width) / element.videoWidth);
          context.drawImage(element, 0, 0, canvas.width, canvas.height);
          try {
            const seal = decodeQrImage(context.getImageData(0, 0, canvas.width, canvas.height));
            setState("idle");
            onSealRef.current(seal);
          } catch (error) {
            if (!(error instanceof VerifyError)) throw error;
            // No code in this frame: the next one.
          }
        }, frameIntervalMs);
      })
      .catch(() => {
        if (!stopped) setState("error");
      });
    return () => {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [state]);

  if (typeof navigator === "undefined" || navigator.mediaDevices?.getUserMedia === undefined) return null;
  return (
    <div className="stack">
      {state === "scanning" ? (
        <>
          <video ref={video} muted playsInline className="verify-camera" aria-label={t("verify.cameraPreview")} />
          <div className="row">
            <button type="button" className="button button-quiet" onClick={() => setState("idle")}>
              {t("verify.cameraStop")}
            </button>
          </div>
        </>
      ) : (
        <div className="row">
          <button
            type="button"
            className="button button-quiet"
            disabled={disabled}
            onClick={() => setState("scanning")}
          >
            {t("verify.cameraStart")}
          </button>
        </div>
      )}
      {state === "error" ? (
        <p className="notice notice-warn" role="alert">
          {t("verify.cameraError")}
        </p>
      ) : null}
    </div>
  );
}
