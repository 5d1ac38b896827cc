import { once } from "node:events";
import { createServer, type Socket } from "node:net";

/** A message the stand-in accepted. */
export type ReceivedMail = {
  from: string;
  to: string[];
  /** The raw message: headers, blank line, body (dot-unstuffed, CRLF line ends). */
  data: string;
  /** The `Message-ID` header, if any. */
  messageId: string | undefined;
};

export type SmtpStandIn = {
  /** `smtp://127.0.0.1:<port>`. */
  url: string;
  messages: ReceivedMail[];
  /** Answers the end of the next `count` DATA sections with `reply` (e.g. `451 4.3.0 Try later`). */
  failNext(count: number, reply: string): void;
  close(): Promise<void>;
};

/**
 * A minimal SMTP server for tests, on 127.0.0.1 at a free port: it speaks just enough of RFC 5321
 * (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT; no TLS, no auth) for nodemailer to send to
 * it, and records what it accepts.
 *
 * @example
 * const smtp = await startSmtpStandIn();
 * const mailer = createMailer({ db, smtpUrl: smtp.url, from, logger });
 * await mailer.send(mail);
 * smtp.messages[0].to; // ["ana@example.com"]
 * await smtp.close();
 */
export async function startSmtpStandIn(): Promise<SmtpStandIn> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let failures: { count: number; reply: string } = { count: 0, reply: "" };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setEncoding("utf8");
    let buffer = "";
    let envelope: { from: string; to: string[] } = { from: "", to: [] };
    let data: string[] | undefined;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 stand-in ESMTP ready");

    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\r\n"); end !== -1; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line !== ".") {
            data.push(line.startsWith("..") ? line.slice(1) : line);
            continue;
          }
          const raw = data.join("\r\n");
          data = undefined;
          if (failures.count > 0) {
            failures.count -= 1;
            reply(failures.reply);
          } else {
            const messageId = /^message-id:\s*(.+)$/im.exec(raw)?.[1]?.trim();
            messages.push({ ...envelope, data: raw, messageId });
            reply("250 2.0.0 Ok: queued");
          }
          envelope = { from: "", to: [] };
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO") socket.write("250-stand-in\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        else if (command === "HELO") reply("250 stand-in");
        else if (command === "MAIL") {
          envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? "", to: [] };
          reply("250 2.1.0 Ok");
        } else if (command === "RCPT") {
          envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 2.1.5 Ok");
        } else if (command === "DATA") {
          data = [];
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (command === "RSET") {
          envelope = { from: "", to: [] };
          reply("250 2.0.0 Ok");
        } else if (command === "NOOP") reply("250 2.0.0 Ok");
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
    messages,
    failNext(count, reply) {
      failures = { count, reply };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
