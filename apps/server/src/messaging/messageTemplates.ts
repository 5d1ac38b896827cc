import type { ApplicationState } from "@entrada/core";
import type { Locale } from "@entrada/db";

/**
 * Every message Entrada sends a traveller about their application, one per state change they care
 * about, the payment lost with a reset development chain (`chain_reset`), the outcome of a manual
 * review of their identity check (`identity_verified`, `identity_failed`), an officer's revocation of
 * their e-visa (`evisa_revoked`), plus `generic` for anything
 * without a message of its own.
 */
export const templateKeys = [
  "payment_seen",
  "payment_confirmed",
  "payment_reorged",
  "under_review",
  "needs_info",
  "approved",
  "issued",
  "rejected",
  "refunded",
  "expired",
  "chain_reset",
  "identity_verified",
  "identity_failed",
  "evisa_revoked",
  "generic",
] as const;

/** A message of {@link templateKeys}. */
export type TemplateKey = (typeof templateKeys)[number];

/** What a template may say, already formatted for the recipient's language. */
export type TemplateValues = {
  /** Short application reference, e.g. `3F2A9C1B`. */
  ref: string;
  /** The fee or refund, formatted with `Intl.NumberFormat`; absent when the event carries none. */
  amount?: string | undefined;
  /** The transaction that paid or refunded. */
  txHash?: string | undefined;
  /** The officer's words (needs_info, rejected); the locale's "no reason given" when absent. */
  reason: string;
  /** The application's new state in the recipient's language (generic). */
  state?: string | undefined;
  /**
   * The file name of the e-visa PDF attached to the "issued" e-mail; absent when none could be made.
   * The text says "attached" without the name (`evisa-ENT-….pdf` is no word of Chinese or Spanish).
   */
  attachment?: string | undefined;
  /** Entrada's page that verifies an e-visa's QR code (`<app>/verify`), when the app's URL is known. */
  verifyUrl?: string | undefined;
};

/** A paragraph of a message; a quote is the officer's own words, shown set apart. */
export type Paragraph = string | { quote: string } | undefined;

/** One message in one language: `undefined` paragraphs are left out. */
export type MessageTemplate = {
  subject(values: TemplateValues): string;
  body(values: TemplateValues): Paragraph[];
};

/** Everything one language needs to render every message. */
export type LocaleTemplates = {
  templates: Readonly<Record<TemplateKey, MessageTemplate>>;
  /** Names of application states, for the generic message. */
  states: Readonly<Record<ApplicationState, string>>;
  /** Line that leads to the application page. */
  viewApplication(url: string): string;
  /** Line that leads to the identity page (messages about the identity check). */
  viewIdentity(url: string): string;
  /** Line that leads to Entrada's page of the transaction a message names, on its chain. */
  viewTransaction(url: string): string;
  /** Why the recipient gets this message. */
  footer: string;
  /** Stands in for a reason the event did not carry. */
  noReason: string;
};

/**
 * The messages in English, Chinese (simplified) and Spanish. Keep the three in step: a test fails
 * when a key is missing in any language.
 *
 * @example
 * messageTemplates.es.templates.approved.subject({ ref: "3F2A9C1B", reason: "" }); // "Solicitud 3F2A9C1B aprobada"
 */
export const messageTemplates: Readonly<Record<Locale, LocaleTemplates>> = {
  en: {
    templates: {
      payment_seen: {
        subject: ({ ref }) => `Payment seen for application ${ref}`,
        body: ({ ref, amount, txHash }) => [
          `We have seen your payment${amount ? ` of ${amount}` : ""} for application ${ref} on the blockchain${txHash ? ` (transaction ${txHash})` : ""}.`,
          "It is confirmed once the network has added enough blocks after it, usually within a few minutes. You do not need to do anything.",
        ],
      },
      payment_confirmed: {
        subject: ({ ref }) => `Payment confirmed for application ${ref}`,
        body: ({ ref, amount }) => [
          `Your payment${amount ? ` of ${amount}` : ""} for application ${ref} is confirmed and held in escrow.`,
          "The authority receives the fee only when it issues your e-visa. If it rejects the application or does not decide by its deadline, the fee goes back to the wallet that paid.",
        ],
      },
      payment_reorged: {
        subject: ({ ref }) => `Payment for application ${ref} is no longer confirmed`,
        body: ({ txHash }) => [
          `The block that held your payment${txHash ? ` (transaction ${txHash})` : ""} was replaced by the network (a chain reorganisation), so the payment is not on the chain for now.`,
          "It is usually included again within minutes; we are watching for it and will write when it is confirmed. If it does not come back, pay again from the application page: the escrow accepts only one payment per application, so you cannot pay twice.",
        ],
      },
      under_review: {
        subject: ({ ref }) => `Application ${ref} is under review`,
        body: ({ ref }) => [
          `An officer of the issuing authority is reviewing your application ${ref}.`,
          "We will tell you as soon as there is a decision or a question.",
        ],
      },
      needs_info: {
        subject: ({ ref }) => `Action needed: more information for application ${ref}`,
        body: ({ ref, reason }) => [
          `The officer reviewing application ${ref} needs more information:`,
          { quote: reason },
          "Please answer from the application page. The review continues as soon as you reply.",
        ],
      },
      approved: {
        subject: ({ ref }) => `Application ${ref} approved`,
        body: ({ ref }) => [
          `Good news: your application ${ref} was approved.`,
          "Your e-visa is being issued. We will write again as soon as it is ready to download.",
        ],
      },
      issued: {
        subject: ({ ref }) => `Your e-visa for application ${ref} is ready`,
        body: ({ attachment, verifyUrl }) => [
          attachment
            ? "Your e-visa is issued and attached to this e-mail as a PDF. Print it or keep it on your phone, and carry it with your passport when you travel."
            : "Your e-visa is issued. Open the application page to see it and download it as a PDF, and carry it with your passport when you travel.",
          `Its QR code is signed by the issuing authority: border officers and airlines can check it even offline${verifyUrl ? `, for example at ${verifyUrl}` : ""}.`,
          "The application page shows your e-visa with its QR code, and can save it on your device for when you have no connection.",
        ],
      },
      rejected: {
        subject: ({ ref }) => `Application ${ref} was not approved`,
        body: ({ ref, reason }) => [
          `The authority rejected application ${ref}. The reason given:`,
          { quote: reason },
          "Your fee is refunded in full from escrow to the wallet that paid. We will write again when the refund is on the chain.",
        ],
      },
      refunded: {
        subject: ({ ref }) => `Refund sent for application ${ref}`,
        body: ({ ref, amount, txHash }) => [
          `The fee${amount ? ` of ${amount}` : ""} for application ${ref} was returned from escrow to the wallet that paid it.`,
          txHash && `Transaction: ${txHash}`,
        ],
      },
      expired: {
        subject: ({ ref }) => `Application ${ref}: no decision in time, your fee can be refunded`,
        body: ({ ref }) => [
          `The authority did not decide on application ${ref} before its deadline, so the fee held in escrow can go back to you.`,
          "You can claim it yourself: call claimExpired on the Entrada escrow contract from any wallet. The money always goes to the wallet that paid, whoever sends the transaction.",
          "Or do nothing: Entrada's relayer claims it for you at no cost, and we will write when the refund is on the chain.",
        ],
      },
      chain_reset: {
        subject: ({ ref }) => `Application ${ref}: please pay again`,
        body: ({ ref }) => [
          `The development blockchain that held your payment for application ${ref} was reset, so the payment is no longer on it. Your application is back to submitted and its quote is cancelled.`,
          "Get a new quote and pay again from the application page. You cannot pay twice: the escrow accepts one payment per application.",
        ],
      },
      identity_verified: {
        subject: () => "Your identity is verified",
        body: () => [
          "A member of our review team has checked your passport: your identity is verified.",
          "Your credential is ready in the app. Open the identity page to add it to this browser, then use it to fill in your applications without typing your passport again.",
        ],
      },
      identity_failed: {
        subject: () => "Your identity check did not pass",
        body: () => [
          "A member of our review team looked at your identity check and could not confirm your identity, so it did not pass.",
          "You can check again from the identity page with your passport at hand: type the details exactly as printed and take the photos in good light. You can still apply by typing your passport details into each application. If you think this is a mistake, contact support.",
        ],
      },
      evisa_revoked: {
        subject: ({ ref }) => `Your e-visa for application ${ref} was revoked`,
        body: ({ ref, reason }) => [
          `The authority revoked the e-visa of application ${ref}. It is no longer valid for travel. The reason given:`,
          { quote: reason },
          "If you think this is a mistake, contact the authority and quote the application reference.",
        ],
      },
      generic: {
        subject: ({ ref }) => `Update on application ${ref}`,
        body: ({ ref, state }) => [
          state ? `Your application ${ref} has a new status: ${state}.` : `Your application ${ref} was updated.`,
        ],
      },
    },
    states: {
      draft: "draft",
      submitted: "submitted",
      payment_pending: "awaiting payment",
      paid: "paid",
      under_review: "under review",
      needs_info: "information needed",
      approved: "approved",
      issued: "issued",
      rejected: "rejected",
      refunded: "refunded",
      expired: "expired",
      cancelled: "cancelled",
    },
    viewApplication: (url) => `See the application: ${url}`,
    viewIdentity: (url) => `Open your identity page: ${url}`,
    viewTransaction: (url) => `See the transaction: ${url}`,
    footer: "You receive this e-mail because you applied for an e-visa with Entrada.",
    noReason: "(no reason given)",
  },

  zh: {
    templates: {
      payment_seen: {
        subject: ({ ref }) => `已收到申请 ${ref} 的付款`,
        body: ({ ref, amount, txHash }) => [
          `我们已在区块链上看到您为申请 ${ref} 支付的款项${amount ? `（${amount}）` : ""}${txHash ? `，交易哈希：${txHash}` : ""}。`,
          "待网络在其后确认足够的区块（通常几分钟内）即完成确认。您无需进行任何操作。",
        ],
      },
      payment_confirmed: {
        subject: ({ ref }) => `申请 ${ref} 的付款已确认`,
        body: ({ ref, amount }) => [
          `您为申请 ${ref} 支付的款项${amount ? `（${amount}）` : ""}已确认，并由托管合约保管。`,
          "签发机关仅在签发电子签证后才会收到费用。如果申请被拒绝，或机关未在截止日期前作出决定，费用将退回付款钱包。",
        ],
      },
      payment_reorged: {
        subject: ({ ref }) => `申请 ${ref} 的付款暂未确认`,
        body: ({ txHash }) => [
          `包含您付款${txHash ? `（交易哈希：${txHash}）` : ""}的区块已被网络替换（链重组），该笔付款目前不在链上。`,
          "付款通常会在几分钟内被重新打包；我们正在持续关注，确认后会通知您。如果付款未能恢复，请在申请页面重新付款：托管合约每个申请只接受一次付款，因此不会重复扣款。",
        ],
      },
      under_review: {
        subject: ({ ref }) => `申请 ${ref} 正在审核中`,
        body: ({ ref }) => [
          `签发机关的审核官正在审核您的申请 ${ref}。`,
          "一旦有审核结果或需要您补充信息，我们会立即通知您。",
        ],
      },
      needs_info: {
        subject: ({ ref }) => `需要您处理：申请 ${ref} 需补充信息`,
        body: ({ ref, reason }) => [
          `审核申请 ${ref} 的审核官需要您补充以下信息：`,
          { quote: reason },
          "请在申请页面上回复。您回复后审核将继续进行。",
        ],
      },
      approved: {
        subject: ({ ref }) => `申请 ${ref} 已获批准`,
        body: ({ ref }) => [
          `好消息：您的申请 ${ref} 已获批准。`,
          "您的电子签证正在签发中，可以下载时我们会再次通知您。",
        ],
      },
      issued: {
        subject: ({ ref }) => `申请 ${ref} 的电子签证已签发`,
        body: ({ attachment, verifyUrl }) => [
          attachment
            ? "您的电子签证已签发，PDF 文件已附在本邮件中。请打印或保存在手机上，并在出行时与护照一同携带。"
            : "您的电子签证已签发。请打开申请页面查看并下载 PDF 文件，并在出行时与护照一同携带。",
          `签证上的二维码由签发机关签名：边检人员和航空公司即使在离线状态下也可以核验${verifyUrl ? `，例如在 ${verifyUrl}` : ""}。`,
          "申请页面会显示您的电子签证及其二维码，并可将其保存在您的设备上，以便在没有网络时使用。",
        ],
      },
      rejected: {
        subject: ({ ref }) => `申请 ${ref} 未获批准`,
        body: ({ ref, reason }) => [
          `签发机关拒绝了申请 ${ref}，理由如下：`,
          { quote: reason },
          "您的费用将从托管合约全额退回付款钱包。退款上链后我们会再次通知您。",
        ],
      },
      refunded: {
        subject: ({ ref }) => `申请 ${ref} 的退款已发出`,
        body: ({ ref, amount, txHash }) => [
          `申请 ${ref} 的费用${amount ? `（${amount}）` : ""}已从托管合约退回付款钱包。`,
          txHash && `交易哈希：${txHash}`,
        ],
      },
      expired: {
        subject: ({ ref }) => `申请 ${ref} 未在期限内获得决定，费用可以退回`,
        body: ({ ref }) => [
          `签发机关未在截止日期前对申请 ${ref} 作出决定，托管中的费用可以退还给您。`,
          "您可以自行领取：从任意钱包调用 Entrada 托管合约的 claimExpired。无论由谁发送交易，款项始终退回付款钱包。",
          "您也可以不做任何操作：Entrada 的中继服务会免费为您领取，退款上链后我们会通知您。",
        ],
      },
      chain_reset: {
        subject: ({ ref }) => `申请 ${ref}：请重新付款`,
        body: ({ ref }) => [
          `保存您申请 ${ref} 付款的开发区块链已被重置，这笔付款已不在链上。您的申请已退回“已提交”状态，原报价已作废。`,
          "请在申请页面获取新报价后重新付款。托管合约每个申请只接受一次付款，因此不会重复扣款。",
        ],
      },
      identity_verified: {
        subject: () => "您的身份已通过验证",
        body: () => [
          "我们的审核人员已核查您的护照：您的身份已通过验证。",
          "您的凭证已在应用中准备就绪。请打开“身份”页面将其添加到此浏览器，之后填写申请时无需再次输入护照信息。",
        ],
      },
      identity_failed: {
        subject: () => "您的身份验证未通过",
        body: () => [
          "我们的审核人员查看了您的身份验证，但无法确认您的身份，因此验证未通过。",
          "您可以备好护照，在“身份”页面重新验证：请按护照上印刷的内容准确填写，并在光线充足处拍照。您也仍可在每份申请中手动填写护照信息。如您认为有误，请联系客服。",
        ],
      },
      evisa_revoked: {
        subject: ({ ref }) => `申请 ${ref} 的电子签证已被撤销`,
        body: ({ ref, reason }) => [
          `签发机关撤销了申请 ${ref} 的电子签证，该签证不能再用于出行。理由如下：`,
          { quote: reason },
          "如您认为有误，请联系签发机关并提供申请编号。",
        ],
      },
      generic: {
        subject: ({ ref }) => `申请 ${ref} 有更新`,
        body: ({ ref, state }) => [state ? `您的申请 ${ref} 的状态已更新为：${state}。` : `您的申请 ${ref} 已更新。`],
      },
    },
    states: {
      draft: "草稿",
      submitted: "已提交",
      payment_pending: "待付款",
      paid: "已付款",
      under_review: "审核中",
      needs_info: "需补充信息",
      approved: "已批准",
      issued: "已签发",
      rejected: "已拒绝",
      refunded: "已退款",
      expired: "已过期",
      cancelled: "已取消",
    },
    viewApplication: (url) => `查看申请：${url}`,
    viewIdentity: (url) => `打开您的身份页面：${url}`,
    viewTransaction: (url) => `查看交易：${url}`,
    footer: "您收到此邮件，是因为您通过 Entrada 申请了电子签证。",
    noReason: "（未说明理由）",
  },

  es: {
    templates: {
      payment_seen: {
        subject: ({ ref }) => `Pago detectado para la solicitud ${ref}`,
        body: ({ ref, amount, txHash }) => [
          `Hemos visto en la cadena de bloques su pago${amount ? ` de ${amount}` : ""} para la solicitud ${ref}${txHash ? ` (transacción ${txHash})` : ""}.`,
          "Se confirmará cuando la red haya añadido suficientes bloques detrás, normalmente en pocos minutos. No tiene que hacer nada.",
        ],
      },
      payment_confirmed: {
        subject: ({ ref }) => `Pago confirmado para la solicitud ${ref}`,
        body: ({ ref, amount }) => [
          `Su pago${amount ? ` de ${amount}` : ""} para la solicitud ${ref} está confirmado y queda en depósito de garantía.`,
          "La autoridad solo recibe la tasa cuando emite su visado electrónico. Si rechaza la solicitud o no decide antes del plazo, la tasa vuelve a la billetera que pagó.",
        ],
      },
      payment_reorged: {
        subject: ({ ref }) => `El pago de la solicitud ${ref} ya no está confirmado`,
        body: ({ txHash }) => [
          `La red reemplazó el bloque que contenía su pago${txHash ? ` (transacción ${txHash})` : ""} (una reorganización de la cadena), así que por ahora el pago no figura en la cadena.`,
          "Normalmente se vuelve a incluir en pocos minutos; lo estamos vigilando y le escribiremos cuando se confirme. Si no reaparece, pague de nuevo desde la página de la solicitud: el depósito acepta un solo pago por solicitud, así que no puede pagar dos veces.",
        ],
      },
      under_review: {
        subject: ({ ref }) => `La solicitud ${ref} está en revisión`,
        body: ({ ref }) => [
          `Un funcionario de la autoridad emisora está revisando su solicitud ${ref}.`,
          "Le avisaremos en cuanto haya una decisión o una pregunta.",
        ],
      },
      needs_info: {
        subject: ({ ref }) => `Acción necesaria: más información para la solicitud ${ref}`,
        body: ({ ref, reason }) => [
          `El funcionario que revisa la solicitud ${ref} necesita más información:`,
          { quote: reason },
          "Responda desde la página de la solicitud. La revisión continuará en cuanto responda.",
        ],
      },
      approved: {
        subject: ({ ref }) => `Solicitud ${ref} aprobada`,
        body: ({ ref }) => [
          `Buenas noticias: su solicitud ${ref} ha sido aprobada.`,
          "Su visado electrónico se está emitiendo. Le escribiremos de nuevo en cuanto pueda descargarlo.",
        ],
      },
      issued: {
        subject: ({ ref }) => `Su visado electrónico de la solicitud ${ref} está listo`,
        body: ({ attachment, verifyUrl }) => [
          attachment
            ? "Su visado electrónico ha sido emitido y va adjunto a este correo en PDF. Imprímalo o guárdelo en su teléfono, y llévelo con su pasaporte cuando viaje."
            : "Su visado electrónico ha sido emitido. Abra la página de la solicitud para verlo y descargarlo en PDF, y llévelo con su pasaporte cuando viaje.",
          `Su código QR está firmado por la autoridad emisora: los agentes fronterizos y las aerolíneas pueden verificarlo incluso sin conexión${verifyUrl ? `, por ejemplo en ${verifyUrl}` : ""}.`,
          "La página de la solicitud muestra su visado electrónico con su código QR y puede guardarlo en su dispositivo para cuando no tenga conexión.",
        ],
      },
      rejected: {
        subject: ({ ref }) => `La solicitud ${ref} no fue aprobada`,
        body: ({ ref, reason }) => [
          `La autoridad rechazó la solicitud ${ref}. Motivo indicado:`,
          { quote: reason },
          "Le devolvemos la tasa íntegra desde el depósito a la billetera que pagó. Le escribiremos de nuevo cuando el reembolso esté en la cadena.",
        ],
      },
      refunded: {
        subject: ({ ref }) => `Reembolso enviado para la solicitud ${ref}`,
        body: ({ ref, amount, txHash }) => [
          `La tasa${amount ? ` de ${amount}` : ""} de la solicitud ${ref} se ha devuelto desde el depósito a la billetera que la pagó.`,
          txHash && `Transacción: ${txHash}`,
        ],
      },
      expired: {
        subject: ({ ref }) => `Solicitud ${ref}: sin decisión a tiempo, puede recuperar la tasa`,
        body: ({ ref }) => [
          `La autoridad no decidió sobre la solicitud ${ref} antes del plazo, así que la tasa en depósito puede volver a usted.`,
          "Puede reclamarla usted mismo: llame a claimExpired en el contrato de depósito de Entrada desde cualquier billetera. El dinero siempre va a la billetera que pagó, envíe quien envíe la transacción.",
          "O no haga nada: el relayer de Entrada la reclama por usted sin coste, y le escribiremos cuando el reembolso esté en la cadena.",
        ],
      },
      chain_reset: {
        subject: ({ ref }) => `Solicitud ${ref}: vuelva a pagar`,
        body: ({ ref }) => [
          `La cadena de bloques de desarrollo que guardaba su pago de la solicitud ${ref} se reinició, así que el pago ya no está en ella. Su solicitud vuelve a estar enviada y su cotización queda anulada.`,
          "Pida una nueva cotización y pague de nuevo desde la página de la solicitud. No puede pagar dos veces: el depósito acepta un solo pago por solicitud.",
        ],
      },
      identity_verified: {
        subject: () => "Su identidad está verificada",
        body: () => [
          "Un miembro de nuestro equipo de revisión ha comprobado su pasaporte: su identidad está verificada.",
          "Su credencial está lista en la aplicación. Abra la página de identidad para añadirla a este navegador y úsela para rellenar sus solicitudes sin volver a escribir los datos del pasaporte.",
        ],
      },
      identity_failed: {
        subject: () => "Su verificación de identidad no se ha superado",
        body: () => [
          "Un miembro de nuestro equipo de revisión examinó su verificación de identidad y no pudo confirmar su identidad, así que no se ha superado.",
          "Puede verificarse de nuevo desde la página de identidad con su pasaporte a mano: escriba los datos tal como están impresos y haga las fotos con buena luz. También puede seguir solicitando escribiendo los datos del pasaporte en cada solicitud. Si cree que se trata de un error, contacte con soporte.",
        ],
      },
      evisa_revoked: {
        subject: ({ ref }) => `Su visado electrónico de la solicitud ${ref} fue revocado`,
        body: ({ ref, reason }) => [
          `La autoridad revocó el visado electrónico de la solicitud ${ref}. Ya no es válido para viajar. Motivo indicado:`,
          { quote: reason },
          "Si cree que se trata de un error, póngase en contacto con la autoridad e indique la referencia de la solicitud.",
        ],
      },
      generic: {
        subject: ({ ref }) => `Novedades de la solicitud ${ref}`,
        body: ({ ref, state }) => [
          state ? `Su solicitud ${ref} tiene un nuevo estado: ${state}.` : `Su solicitud ${ref} se ha actualizado.`,
        ],
      },
    },
    states: {
      draft: "borrador",
      submitted: "enviada",
      payment_pending: "pendiente de pago",
      paid: "pagada",
      under_review: "en revisión",
      needs_info: "información requerida",
      approved: "aprobada",
      issued: "emitida",
      rejected: "rechazada",
      refunded: "reembolsada",
      expired: "vencida",
      cancelled: "cancelada",
    },
    viewApplication: (url) => `Vea la solicitud: ${url}`,
    viewIdentity: (url) => `Abra su página de identidad: ${url}`,
    viewTransaction: (url) => `Vea la transacción: ${url}`,
    footer: "Recibe este correo porque solicitó un visado electrónico con Entrada.",
    noReason: "(sin motivo indicado)",
  },
};
