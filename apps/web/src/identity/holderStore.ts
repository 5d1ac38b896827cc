import type { Jwk } from "@entrada/identity/browser";

/**
 * The holder's wallet in this browser: per signed-in user, an ECDSA P-256 key pair made by
 * WebCrypto with `extractable: false` (the private key never exists as bytes in JavaScript, and
 * IndexedDB keeps the `CryptoKey` itself by structured clone), its public JWK for the credential's
 * `cnf`, and the credential (the SD-JWT string, which only this browser holds).
 */
export type HolderRecord = {
  userId: string;
  keyPair: CryptoKeyPair;
  /** The public key as a JWK, sent to the issuer to bind the credential. */
  publicJwk: Jwk;
  /** The SD-JWT VC bound to this key, or `null` before one is issued (or after it was revoked). */
  credential: string | null;
  credentialSavedAt: string | null;
  createdAt: string;
};

/**
 * An issued e-visa kept in this browser ("Save to this device"), beside the identity credential, so
 * that the traveller can show it with no network. One record per application.
 */
export type SavedEvisa = {
  applicationId: string;
  userId: string;
  /** The SD-JWT VC with every disclosure. */
  sdJwt: string;
  /** What the QR holds (base64url bytes), and the QR as a `data:image/png` URL. */
  seal: string;
  qrPng: string;
  status: "valid" | "revoked" | "expired";
  validFrom: string;
  validUntil: string;
  reference: string;
  revokeReason: string | null;
  /** From the product, when the page knew it: shown offline, where the catalogue is not at hand. */
  entries: "single" | "double" | "multiple" | null;
  stayDays: number | null;
  savedAt: string;
};

/**
 * Where the records live: one IndexedDB database per origin, one holder record per user id and one
 * e-visa per application id (version 2 added the e-visas).
 */
export const holderDatabase = { name: "entrada-identity", version: 2, store: "holders", evisas: "evisas" } as const;

/** The browser's IndexedDB, or `undefined` where there is none (some private modes, tests). */
const defaultFactory = (): IDBFactory | undefined => (typeof indexedDB === "undefined" ? undefined : indexedDB);

/** Thrown when this browser cannot keep a credential (no IndexedDB, or no WebCrypto). */
export class HolderStorageUnavailableError extends Error {
  override readonly name = "HolderStorageUnavailableError";
  constructor(cause?: unknown) {
    super("This browser cannot keep an identity credential (IndexedDB or WebCrypto is unavailable).", { cause });
  }
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDatabase(factory: IDBFactory | undefined): Promise<IDBDatabase> {
  if (!factory) return Promise.reject(new HolderStorageUnavailableError());
  return new Promise((resolve, reject) => {
    const request = factory.open(holderDatabase.name, holderDatabase.version);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(holderDatabase.store)) {
        request.result.createObjectStore(holderDatabase.store, { keyPath: "userId" });
      }
      if (!request.result.objectStoreNames.contains(holderDatabase.evisas)) {
        request.result.createObjectStore(holderDatabase.evisas, { keyPath: "applicationId" });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new HolderStorageUnavailableError(request.error));
    request.onblocked = () => reject(new HolderStorageUnavailableError("blocked"));
  });
}

/** Runs `body` on the store in one transaction and resolves once the transaction is committed. */
async function withStore<T>(
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore) => Promise<T>,
  factory: IDBFactory | undefined,
  storeName: string = holderDatabase.store,
): Promise<T> {
  const db = await openDatabase(factory);
  try {
    const transaction = db.transaction(storeName, mode);
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error("transaction aborted"));
    });
    const result = await body(transaction.objectStore(storeName));
    await done;
    return result;
  } finally {
    db.close();
  }
}

/**
 * The user's holder record in this browser, or `null` when they have none here.
 *
 * @example
 * const holder = await loadHolder(me.id);
 * if (holder?.credential) await createPresentation({ credential: holder.credential, … });
 */
export async function loadHolder(userId: string, factory = defaultFactory()): Promise<HolderRecord | null> {
  return withStore(
    "readonly",
    async (store) => ((await promised(store.get(userId))) as HolderRecord | undefined) ?? null,
    factory,
  );
}

// One key per user even when two callers ask at once (a double click, two effects).
const pendingKeys = new Map<string, Promise<HolderRecord>>();

/**
 * The user's holder key, made on first use: ECDSA P-256, the private key non-extractable.
 *
 * @example
 * const { publicJwk } = await ensureHolderKey(me.id);
 * await api("POST", "/identity/credential", { body: { holderJwk: publicJwk } });
 */
export function ensureHolderKey(userId: string, factory = defaultFactory()): Promise<HolderRecord> {
  const pending = pendingKeys.get(userId);
  if (pending) return pending;
  const made = (async () => {
    const existing = await loadHolder(userId, factory);
    if (existing) return existing;
    if (typeof crypto === "undefined" || !crypto.subtle) throw new HolderStorageUnavailableError();
    const keyPair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
    // A public key is always exportable, whatever `extractable` says about the private one.
    const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", keyPair.publicKey);
    const record: HolderRecord = {
      userId,
      keyPair,
      publicJwk: { kty: kty!, crv: crv!, x: x!, y: y! },
      credential: null,
      credentialSavedAt: null,
      createdAt: new Date().toISOString(),
    };
    await withStore("readwrite", (store) => promised(store.put(record)), factory);
    return record;
  })().finally(() => pendingKeys.delete(userId));
  pendingKeys.set(userId, made);
  return made;
}

/** Keeps (or, with `null`, forgets) the user's credential beside their key. */
export async function saveCredential(
  userId: string,
  credential: string | null,
  factory = defaultFactory(),
): Promise<void> {
  await withStore(
    "readwrite",
    async (store) => {
      const record = (await promised(store.get(userId))) as HolderRecord | undefined;
      if (!record) throw new HolderStorageUnavailableError("no holder key for this user");
      await promised(
        store.put({
          ...record,
          credential,
          credentialSavedAt: credential === null ? null : new Date().toISOString(),
        }),
      );
    },
    factory,
  );
}

/** Forgets the user's key, credential and saved e-visas in this browser (after the account is deleted). */
export async function forgetHolder(userId: string, factory = defaultFactory()): Promise<void> {
  await withStore("readwrite", (store) => promised(store.delete(userId)), factory);
  await withStore(
    "readwrite",
    async (store) => {
      const saved = (await promised(store.getAll())) as SavedEvisa[];
      for (const evisa of saved.filter((record) => record.userId === userId)) {
        await promised(store.delete(evisa.applicationId));
      }
    },
    factory,
    holderDatabase.evisas,
  );
}

/**
 * Keeps an e-visa in this browser (replacing an older copy of the same application's), and returns
 * the record as kept.
 *
 * @example
 * await saveEvisa({ applicationId, userId: me.id, sdJwt, seal, qrPng, status, validFrom, validUntil, reference, revokeReason });
 */
export async function saveEvisa(evisa: Omit<SavedEvisa, "savedAt">, factory = defaultFactory()): Promise<SavedEvisa> {
  const record: SavedEvisa = { ...evisa, savedAt: new Date().toISOString() };
  await withStore("readwrite", (store) => promised(store.put(record)), factory, holderDatabase.evisas);
  return record;
}

/**
 * The e-visa of an application kept in this browser, or `null`. Offline the signed-in user is not
 * known, so it is found by application id alone: it is on this device because its holder saved it here.
 *
 * @example
 * const saved = await loadSavedEvisa(applicationId);
 */
export async function loadSavedEvisa(applicationId: string, factory = defaultFactory()): Promise<SavedEvisa | null> {
  return withStore(
    "readonly",
    async (store) => ((await promised(store.get(applicationId))) as SavedEvisa | undefined) ?? null,
    factory,
    holderDatabase.evisas,
  );
}
