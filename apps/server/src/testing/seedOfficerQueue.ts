import { randomBytes, randomUUID } from "node:crypto";
import { applicants, type Database, type Json, users } from "@entrada/db";
import { sql } from "drizzle-orm";
import { createRecordCipher } from "../crypto/createRecordCipher.ts";
import { applicantNameIndex } from "../services/applicantNameIndex.ts";
import { applicantContext } from "../services/openApplicant.ts";

/** Parameters of {@link seedOfficerQueue}. */
export type SeedOfficerQueueParameters = {
  db: Database;
  /** The server's master key: the applicants' names are sealed with it, as the API seals them. */
  masterKey: Uint8Array;
  authorityId: string;
  productId: string;
  /** The chain and token the paid quotes name (the deployment's USDC, say). */
  chainId: number;
  tokenAddress: `0x${string}`;
  tokenSymbol: "USDC" | "USDT";
  /** How many applications. */
  cases: number;
  /** Distinct applicants (default: the cases, up to 5,000): names repeat beyond, as in real queues. */
  applicants?: number | undefined;
  /** The applications are spread over the `days` days before it. */
  now: Date;
  days?: number | undefined;
};

/** What {@link seedOfficerQueue} returns: the seeded user and applicants, to search for them. */
export type SeedOfficerQueueReturnType = {
  userId: string;
  applicants: { id: string; givenNames: string; surname: string; nationality: string }[];
};

const givenNames = ["Anna", "Li", "Jose", "Maria", "Omar", "Yuki", "Ivan", "Sofia", "Wei", "Amara", "Lucas", "Noor"];
const surnames = [
  "Eriksson",
  "Wang",
  "Garcia",
  "Okafor",
  "Tanaka",
  "Novak",
  "Silva",
  "Haddad",
  "Chen",
  "Muller",
  "Kowalski",
  "Dubois",
  "Rossi",
  "Nguyen",
];
const nationalities = ["SWE", "CHN", "ESP", "NGA", "JPN", "CZE", "BRA", "LBN", "DEU", "POL", "FRA", "ITA", "VNM"];

/**
 * Seeds one authority's queue with `cases` applications in every state an officer sees — paid,
 * under review, needs info, approved, issued, rejected, refunded, expired — each with its paid quote
 * and its audit trail (submit, payment, decision, settlement), for the officer desk's benchmark and
 * tests. Bulk SQL (`INSERT … SELECT generate_series`), not the API: 100,000 cases take seconds. Only
 * the applicants are written from here, their names sealed with the master key as the API seals them.
 * States cycle by position (`i % 100`): 8 % paid, 4 % under review, 2 % needs info, 1 % approved,
 * 65 % issued, 10 % rejected then refunded, 5 % rejected, 5 % expired. The undecided are due within
 * the next three days, one in ten already overdue (the expiry job expires those where it runs); the
 * others' deadlines are 48 h after payment.
 *
 * @example
 * await seedOfficerQueue({ db, masterKey, authorityId: "gb-eta", productId: "gb-eta", chainId, tokenAddress, tokenSymbol: "USDC", cases: 10_000, now: new Date() });
 */
export async function seedOfficerQueue(parameters: SeedOfficerQueueParameters): Promise<SeedOfficerQueueReturnType> {
  const { db, authorityId, productId, chainId, tokenAddress, tokenSymbol, cases, now } = parameters;
  const days = parameters.days ?? 180;
  const cipher = createRecordCipher({ masterKey: parameters.masterKey });
  const userId = randomUUID();
  await db.insert(users).values({ id: userId, email: `officer-seed-${userId}@entrada.test` });

  const pool = Array.from({ length: Math.max(1, Math.min(cases, parameters.applicants ?? 5_000)) }, (_, k) => ({
    id: randomUUID(),
    givenNames: givenNames[k % givenNames.length]!,
    surname: surnames[Math.floor(k / givenNames.length) % surnames.length]!,
    nationality: nationalities[k % nationalities.length]!,
  }));
  for (let start = 0; start < pool.length; start += 500) {
    await db.insert(applicants).values(
      pool.slice(start, start + 500).map((applicant, offset) => {
        const data = {
          givenNames: applicant.givenNames,
          surname: applicant.surname,
          dateOfBirth: "1990-01-01",
          nationality: applicant.nationality,
          passportNumber: `P${String(start + offset).padStart(8, "0")}`,
          passportExpiryDate: "2034-01-01",
          passportIssuingCountry: applicant.nationality,
        };
        const sealed = cipher.seal(data as Json, applicantContext(applicant.id));
        return {
          id: applicant.id,
          userId,
          nationality: applicant.nationality,
          piiCiphertext: sealed.ciphertext,
          piiNonce: sealed.nonce,
          wrappedDataKey: sealed.wrappedDataKey,
          masterKeyId: sealed.masterKeyId,
          passportIndex: cipher.blindIndex(`${data.passportIssuingCountry}:${data.passportNumber}`),
          indexKeyId: cipher.indexKeyId,
          nameIndex: applicantNameIndex(cipher, applicant),
          verificationStatus: "verified" as const,
          verifiedAt: now,
        };
      }),
    );
  }

  // References from a random start, in hexadecimal (every hex digit is a Crockford digit): unique
  // among themselves, and a clash with the API's random ones is as unlikely as between those.
  const referenceStart = randomBytes(4).readUInt32BE(0) % 0x7fffffff;
  const stepMs = Math.max(1, Math.floor((days * 86_400_000) / cases));
  const applicantIds = pool.map((applicant) => applicant.id);
  await db.execute(sql`
    insert into applications (id, onchain_id, reference, user_id, applicant_id, product_id, authority_id,
      state, state_version, decision_deadline, created_at, updated_at)
    select id, '0x' || md5(id::text) || md5(id::text || ':onchain'),
      'ENT-' || substr(h, 1, 4) || '-' || substr(h, 5, 4),
      ${userId}::uuid, (${sql.param(applicantIds)}::uuid[])[1 + (i % ${applicantIds.length})],
      ${productId}, ${authorityId},
      case
        when i % 100 < 8 then 'paid' when i % 100 < 12 then 'under_review' when i % 100 < 14 then 'needs_info'
        when i % 100 < 15 then 'approved' when i % 100 < 80 then 'issued' when i % 100 < 90 then 'refunded'
        when i % 100 < 95 then 'rejected' else 'expired' end,
      3,
      -- The undecided are the recent ones: due within the next three days, one in ten already late.
      case when i % 100 < 14
        then ${now.toISOString()}::timestamptz
          + (case when i % 10 = 0 then -1 else 1 end) * ((i * 7919) % 4320) * interval '1 minute'
        else created + interval '49 hours' end,
      created, created + interval '50 hours'
    from (
      select i, gen_random_uuid() as id,
        upper(lpad(to_hex(${referenceStart}::bigint + i), 8, '0')) as h,
        ${now.toISOString()}::timestamptz - (${cases}::bigint - i) * ${stepMs}::bigint * interval '1 millisecond' as created
      from generate_series(1, ${cases}) as i
    ) seeded
  `);
  // The paid quote of each, and the audit trail: what the queue's amount and the dashboard read.
  await db.execute(sql`
    insert into quotes (application_id, chain_id, token, payer, visa_fee_minor, visa_fee_currency, token_amount,
      platform_fee, total, rate_legs, expires_at, decision_deadline, digest, signature, status, created_at, updated_at)
    select a.id, ${chainId}, ${tokenAddress.toLowerCase()}, '0x' || md5(a.id::text || ':payer') || substr(md5(a.id::text), 1, 8), 1600, 'GBP',
      20000000, 20000, 20020000,
      jsonb_build_object('token', ${tokenSymbol}::text, 'legs', '[]'::jsonb,
        'rate', jsonb_build_object('numerator', '1', 'denominator', '1'), 'feeBps', 10, 'platformFeeBps', 10,
        'discounts', '[]'::jsonb, 'authorityId', '0x' || md5(a.authority_id) || md5(a.authority_id || ':a'),
        'applicationId', a.onchain_id),
      a.created_at + interval '15 minutes', a.decision_deadline,
      '0x' || md5(a.id::text || ':digest') || md5(a.id::text || ':digest2'), '0x' || repeat('ab', 65), 'paid',
      a.created_at, a.created_at + interval '1 hour'
    from applications a where a.user_id = ${userId}::uuid
  `);
  await db.execute(sql`
    insert into application_events (application_id, from_state, to_state, event, actor_id, actor_role, at)
    select a.id, e.from_state, e.to_state, e.event, null, e.role, e.at
    from applications a
    cross join lateral (values
      ('draft', 'submitted', 'submit', 'traveller', a.created_at),
      ('payment_pending', 'paid', 'confirm_payment', 'indexer', a.created_at + interval '1 hour'),
      ('paid', 'under_review', 'start_review', 'officer',
        case when a.state in ('paid') then null else a.created_at + interval '2 hours' end),
      ('under_review', 'needs_info', 'request_info', 'officer',
        case when a.state = 'needs_info' then a.created_at + interval '3 hours' else null end),
      ('under_review', 'approved', 'approve', 'officer',
        case when a.state in ('approved', 'issued')
          then a.created_at + interval '2 hours' + (abs(hashtext(a.id::text)) % 2400) * interval '1 minute' end),
      ('approved', 'issued', 'issue', 'indexer',
        case when a.state = 'issued'
          then a.created_at + interval '2 hours 5 minutes' + (abs(hashtext(a.id::text)) % 2400) * interval '1 minute' end),
      ('under_review', 'rejected', 'reject', 'officer',
        case when a.state in ('rejected', 'refunded')
          then a.created_at + interval '2 hours' + (abs(hashtext(a.id::text)) % 2400) * interval '1 minute' end),
      ('rejected', 'refunded', 'refund', 'indexer',
        case when a.state = 'refunded'
          then a.created_at + interval '2 hours 5 minutes' + (abs(hashtext(a.id::text)) % 2400) * interval '1 minute' end),
      ('under_review', 'expired', 'expire', 'system',
        case when a.state = 'expired' then a.decision_deadline end)
    ) as e(from_state, to_state, event, role, at)
    where a.user_id = ${userId}::uuid and e.at is not null
  `);
  return { userId, applicants: pool };
}
