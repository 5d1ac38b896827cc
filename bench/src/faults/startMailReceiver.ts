import { once } from "node:events";
import { createServer, type Socket } from "node:net";

/** What the receiver accepted, message by message, in order. */
export type ReceivedMail = { to: string[]; messageId: string | undefined; subject: string | undefined };

/** An SMTP server standing in for the mail provider: every e-mail Entrada hands over lands here. */
export type MailReceiver = {
  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  url: string;
  received: ReceivedMail[];
  /** Waits this long before accepting each message (0 by default), so that a fault can land mid-delivery. */
  setDelay(ms: number): void;
  close(): Promise<void>;
};

/**
 * A minimal SMTP server on 127.0.0.1 (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no
 * auth: what nodemailer needs for a plain `smtp://` URL) that records each accepted message's
 * `Message-ID`. Entrada derives the `Message-ID` from the notification, so counting by it tells a
 * resent copy (same id) from a second message (another id).
 *
 * @example
 * const mail = await startMailReceiver();
 * // SMTP_URL=mail.url; later:
 * mail.received.filter((m) => m.messageId === "<id@entrada.local>").length; // 1
 */
export async function startMailReceiver(): Promise<MailReceiver> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let delayMs = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setEncoding("utf8");
    let buffer = "";
    let to: string[] = [];
    let data: string[] | undefined;
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    reply("220 fault-suite ESMTP ready");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\r\n"); end !== -1; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== undefined) {
          if (line !== ".") {
            data.push(line.startsWith("..") ? line.slice(1) : line);
            continue;
          }
          const raw = data.join("\r\n");
          const mail: ReceivedMail = {
            to,
            messageId: /^message-id:\s*(.+)$/im.exec(raw)?.[1]?.trim(),
            subject: /^subject:\s*(.+)$/im.exec(raw)?.[1]?.trim(),
          };
          data = undefined;
          to = [];
          // Accepted only once the reply is written: a sender killed while waiting never saw it sent.
          const accept = () => {
            if (socket.destroyed) return;
            received.push(mail);
            reply("250 2.0.0 Ok: queued");
          };
          if (delayMs > 0) setTimeout(accept, delayMs);
          else accept();
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO") socket.write("250-fault-suite\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        else if (command === "HELO") reply("250 fault-suite");
        else if (command === "MAIL") {
          to = [];
          reply("250 2.1.0 Ok");
        } else if (command === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 2.1.5 Ok");
        } else if (command === "DATA") {
          data = [];
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (command === "RSET" || command === "NOOP") reply("250 2.0.0 Ok");
        else if (command === "QUIT") {
          reply("221 2.0.0 Bye");
          socket.end();
        } else reply("502 5.5.2 Command not recognised");
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    setDelay(ms) {
      delayMs = ms;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
