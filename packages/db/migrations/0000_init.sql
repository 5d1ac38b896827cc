CREATE TABLE "applicants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid,
	"nationality" text NOT NULL,
	"pii_ciphertext" "bytea" NOT NULL,
	"pii_nonce" "bytea" NOT NULL,
	"wrapped_data_key" "bytea" NOT NULL,
	"master_key_id" text NOT NULL,
	"passport_index" "bytea" NOT NULL,
	"index_key_id" text NOT NULL,
	"verification_status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applicants_nationality_check" CHECK ("applicants"."nationality" ~ '^[A-Z]{3}$'),
	CONSTRAINT "applicants_verification_status_check" CHECK ("applicants"."verification_status" in ('pending', 'verified', 'flagged', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "application_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"event" text NOT NULL,
	"actor_id" text,
	"actor_role" text NOT NULL,
	"reason" text,
	"tx_hash" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_events_tx_hash_check" CHECK ("application_events"."tx_hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "application_events_from_state_check" CHECK ("application_events"."from_state" in ('draft', 'submitted', 'payment_pending', 'paid', 'under_review', 'needs_info', 'approved', 'issued', 'rejected', 'expired', 'refunded', 'cancelled')),
	CONSTRAINT "application_events_to_state_check" CHECK ("application_events"."to_state" in ('draft', 'submitted', 'payment_pending', 'paid', 'under_review', 'needs_info', 'approved', 'issued', 'rejected', 'expired', 'refunded', 'cancelled')),
	CONSTRAINT "application_events_actor_role_check" CHECK ("application_events"."actor_role" in ('traveller', 'officer', 'org_admin', 'support', 'operator', 'system', 'indexer', 'api_key'))
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"onchain_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"organisation_id" uuid,
	"applicant_id" uuid NOT NULL,
	"product_id" text NOT NULL,
	"authority_id" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"state_version" integer DEFAULT 0 NOT NULL,
	"decision_deadline" timestamp with time zone,
	"answers_ciphertext" "bytea",
	"answers_nonce" "bytea",
	"answers_wrapped_key" "bytea",
	"answers_master_key_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_onchain_id_unique" UNIQUE("onchain_id"),
	CONSTRAINT "applications_onchain_id_check" CHECK ("applications"."onchain_id" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "applications_state_check" CHECK ("applications"."state" in ('draft', 'submitted', 'payment_pending', 'paid', 'under_review', 'needs_info', 'approved', 'issued', 'rejected', 'expired', 'refunded', 'cancelled')),
	CONSTRAINT "applications_state_version_check" CHECK ("applications"."state_version" >= 0),
	CONSTRAINT "applications_answers_check" CHECK (("applications"."answers_ciphertext" is null) = ("applications"."answers_nonce" is null) and ("applications"."answers_ciphertext" is null) = ("applications"."answers_wrapped_key" is null) and ("applications"."answers_ciphertext" is null) = ("applications"."answers_master_key_id" is null))
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" "bytea" NOT NULL,
	"name" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"authority_id" text,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix"),
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_scope_check" CHECK (("api_keys"."authority_id" is null) <> ("api_keys"."organisation_id" is null))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"siwe_nonce" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "sessions_siwe_nonce_unique" UNIQUE("siwe_nonce")
);
--> statement-breakpoint
CREATE TABLE "siwe_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "authorities" (
	"id" text PRIMARY KEY NOT NULL,
	"onchain_id" text NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "authorities_onchain_id_unique" UNIQUE("onchain_id"),
	CONSTRAINT "authorities_onchain_id_check" CHECK ("authorities"."onchain_id" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "authorities_country_check" CHECK ("authorities"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "authorities_currency_check" CHECK ("authorities"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"authority_id" text NOT NULL,
	"name" text NOT NULL,
	"visa_type" text NOT NULL,
	"fee_minor" numeric(78, 0) NOT NULL,
	"currency" text NOT NULL,
	"entries" text NOT NULL,
	"stay_days" integer NOT NULL,
	"validity_days" integer NOT NULL,
	"processing_days" integer NOT NULL,
	"requirements" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"eligible_nationalities" text[],
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_fee_check" CHECK ("products"."fee_minor" >= 0),
	CONSTRAINT "products_currency_check" CHECK ("products"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "products_entries_check" CHECK ("products"."entries" in ('single', 'double', 'multiple')),
	CONSTRAINT "products_days_check" CHECK ("products"."stay_days" > 0 and "products"."validity_days" > 0 and "products"."processing_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "chain_blocks" (
	"chain_id" integer NOT NULL,
	"address" text NOT NULL,
	"number" bigint NOT NULL,
	"hash" text NOT NULL,
	"parent_hash" text NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_blocks_pkey" PRIMARY KEY("chain_id","address","number"),
	CONSTRAINT "chain_blocks_address_check" CHECK ("chain_blocks"."address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "chain_blocks_hash_check" CHECK ("chain_blocks"."hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "chain_blocks_parent_hash_check" CHECK ("chain_blocks"."parent_hash" ~ '^0x[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "chain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain_id" integer NOT NULL,
	"address" text NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"tx_hash" text NOT NULL,
	"log_index" integer NOT NULL,
	"event_name" text NOT NULL,
	"args" jsonb NOT NULL,
	"removed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_events_log_key" UNIQUE("chain_id","tx_hash","log_index"),
	CONSTRAINT "chain_events_address_check" CHECK ("chain_events"."address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "chain_events_block_hash_check" CHECK ("chain_events"."block_hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "chain_events_tx_hash_check" CHECK ("chain_events"."tx_hash" ~ '^0x[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "indexer_cursors" (
	"chain_id" integer NOT NULL,
	"address" text NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"finalized_block_number" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indexer_cursors_pkey" PRIMARY KEY("chain_id","address"),
	CONSTRAINT "indexer_cursors_address_check" CHECK ("indexer_cursors"."address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "indexer_cursors_block_hash_check" CHECK ("indexer_cursors"."block_hash" ~ '^0x[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("scope","key"),
	CONSTRAINT "idempotency_keys_key_check" CHECK (char_length("idempotency_keys"."key") between 1 and 255)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"event_id" bigint,
	"channel" text NOT NULL,
	"locale" text NOT NULL,
	"template" text NOT NULL,
	"to" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notifications_event_key" UNIQUE("event_id","channel","to"),
	CONSTRAINT "notifications_channel_check" CHECK ("notifications"."channel" in ('email', 'sms')),
	CONSTRAINT "notifications_locale_check" CHECK ("notifications"."locale" in ('en', 'zh', 'es')),
	CONSTRAINT "notifications_status_check" CHECK ("notifications"."status" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"processed_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "outbox_attempts_check" CHECK ("outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"quote_id" uuid,
	"chain_id" integer NOT NULL,
	"tx_hash" text NOT NULL,
	"log_index" integer NOT NULL,
	"payer" text NOT NULL,
	"token" text NOT NULL,
	"amount" numeric(78, 0) NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"confirmations" integer DEFAULT 0 NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_log_key" UNIQUE("chain_id","tx_hash","log_index"),
	CONSTRAINT "payments_tx_hash_check" CHECK ("payments"."tx_hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "payments_block_hash_check" CHECK ("payments"."block_hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "payments_payer_check" CHECK ("payments"."payer" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "payments_token_check" CHECK ("payments"."token" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('pending', 'confirmed', 'reorged'))
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"chain_id" integer NOT NULL,
	"token" text NOT NULL,
	"payer" text NOT NULL,
	"visa_fee_minor" numeric(78, 0) NOT NULL,
	"visa_fee_currency" text NOT NULL,
	"token_amount" numeric(78, 0) NOT NULL,
	"platform_fee" numeric(78, 0) NOT NULL,
	"total" numeric(78, 0) NOT NULL,
	"rate_legs" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decision_deadline" timestamp with time zone NOT NULL,
	"digest" text NOT NULL,
	"signature" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotes_digest_unique" UNIQUE("digest"),
	CONSTRAINT "quotes_token_check" CHECK ("quotes"."token" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "quotes_payer_check" CHECK ("quotes"."payer" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "quotes_digest_check" CHECK ("quotes"."digest" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "quotes_signature_check" CHECK ("quotes"."signature" ~ '^0x([0-9a-f]{2})*$'),
	CONSTRAINT "quotes_currency_check" CHECK ("quotes"."visa_fee_currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "quotes_amounts_check" CHECK ("quotes"."visa_fee_minor" >= 0 and "quotes"."token_amount" >= 0 and "quotes"."platform_fee" >= 0 and "quotes"."total" = "quotes"."token_amount" + "quotes"."platform_fee"),
	CONSTRAINT "quotes_status_check" CHECK ("quotes"."status" in ('open', 'paid', 'expired', 'superseded'))
);
--> statement-breakpoint
CREATE TABLE "relayer_transactions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"chain_id" integer NOT NULL,
	"from_address" text NOT NULL,
	"to_address" text NOT NULL,
	"data" text NOT NULL,
	"value" numeric(78, 0) DEFAULT 0 NOT NULL,
	"nonce" bigint NOT NULL,
	"gas" bigint NOT NULL,
	"max_fee_per_gas" numeric(78, 0) NOT NULL,
	"max_priority_fee_per_gas" numeric(78, 0) NOT NULL,
	"hash" text NOT NULL,
	"hashes" text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"error" text,
	"block_number" bigint,
	"gas_used" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "relayer_transactions_key_check" CHECK (char_length("relayer_transactions"."key") between 1 and 255),
	CONSTRAINT "relayer_transactions_from_check" CHECK ("relayer_transactions"."from_address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "relayer_transactions_to_check" CHECK ("relayer_transactions"."to_address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "relayer_transactions_data_check" CHECK ("relayer_transactions"."data" ~ '^0x([0-9a-f]{2})*$'),
	CONSTRAINT "relayer_transactions_hash_check" CHECK ("relayer_transactions"."hash" ~ '^0x[0-9a-f]{64}$'),
	CONSTRAINT "relayer_transactions_nonce_check" CHECK ("relayer_transactions"."nonce" >= 0),
	CONSTRAINT "relayer_transactions_attempts_check" CHECK ("relayer_transactions"."attempts" >= 1),
	CONSTRAINT "relayer_transactions_status_check" CHECK ("relayer_transactions"."status" in ('pending', 'mined', 'failed', 'replaced'))
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"authority_id" text,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_roles_grant_key" UNIQUE NULLS NOT DISTINCT("user_id","role","authority_id","organisation_id"),
	CONSTRAINT "user_roles_role_check" CHECK ("user_roles"."role" in ('traveller', 'officer', 'org_admin', 'support', 'operator')),
	CONSTRAINT "user_roles_scope_check" CHECK (("user_roles"."role" = 'officer') = ("user_roles"."authority_id" is not null) and ("user_roles"."role" = 'org_admin') = ("user_roles"."organisation_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wallet_address" text,
	"email" text,
	"locale" text DEFAULT 'en' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_wallet_address_unique" UNIQUE("wallet_address"),
	CONSTRAINT "users_wallet_address_check" CHECK ("users"."wallet_address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "users_email_check" CHECK ("users"."email" = lower("users"."email") and position('@' in "users"."email") > 1),
	CONSTRAINT "users_locale_check" CHECK ("users"."locale" in ('en', 'zh', 'es')),
	CONSTRAINT "users_identifier_check" CHECK ("users"."wallet_address" is not null or "users"."email" is not null)
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"status_code" integer,
	"response_snippet" text,
	"last_error" text,
	"duration_ms" integer,
	"next_attempt_at" timestamp with time zone,
	"locked_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_event_key" UNIQUE("endpoint_id","event_id"),
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('pending', 'delivered', 'failed')),
	CONSTRAINT "webhook_deliveries_snippet_check" CHECK (char_length("webhook_deliveries"."response_snippet") <= 1024),
	CONSTRAINT "webhook_deliveries_duration_check" CHECK ("webhook_deliveries"."duration_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"authority_id" text,
	"organisation_id" uuid,
	"url" text NOT NULL,
	"secret_ciphertext" "bytea" NOT NULL,
	"secret_key_id" text NOT NULL,
	"events" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_scope_check" CHECK (("webhook_endpoints"."authority_id" is null) <> ("webhook_endpoints"."organisation_id" is null)),
	CONSTRAINT "webhook_endpoints_url_check" CHECK ("webhook_endpoints"."url" ~ '^https?://')
);
--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_id_applicants_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."applicants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_id_outbox_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_outbox_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applicants_user_idx" ON "applicants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "applicants_organisation_idx" ON "applicants" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "applicants_passport_index_idx" ON "applicants" USING btree ("passport_index");--> statement-breakpoint
CREATE INDEX "application_events_application_idx" ON "application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "applications_user_idx" ON "applications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "applications_authority_state_idx" ON "applications" USING btree ("authority_id","state","created_at");--> statement-breakpoint
CREATE INDEX "applications_organisation_idx" ON "applications" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "applications_applicant_idx" ON "applications" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "applications_deadline_idx" ON "applications" USING btree ("decision_deadline") WHERE "applications"."state" in ('paid', 'under_review', 'needs_info');--> statement-breakpoint
CREATE INDEX "api_keys_owner_idx" ON "api_keys" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "siwe_nonces_expires_idx" ON "siwe_nonces" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "products_authority_idx" ON "products" USING btree ("authority_id");--> statement-breakpoint
CREATE INDEX "chain_events_block_idx" ON "chain_events" USING btree ("chain_id","block_number");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_created_idx" ON "notifications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("available_at","id") WHERE "outbox"."processed_at" is null and "outbox"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_pending_topic_idx" ON "outbox" USING btree ("topic","available_at","id") WHERE "outbox"."processed_at" is null and "outbox"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_aggregate_idx" ON "outbox" USING btree ("aggregate_id");--> statement-breakpoint
CREATE INDEX "payments_application_idx" ON "payments" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "payments_pending_idx" ON "payments" USING btree ("chain_id","block_number") WHERE "payments"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "quotes_application_idx" ON "quotes" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "relayer_transactions_key_key" ON "relayer_transactions" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "relayer_transactions_pending_nonce_key" ON "relayer_transactions" USING btree ("chain_id","from_address","nonce") WHERE "relayer_transactions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "relayer_transactions_account_idx" ON "relayer_transactions" USING btree ("chain_id","from_address","status","nonce");--> statement-breakpoint
CREATE INDEX "user_roles_authority_idx" ON "user_roles" USING btree ("authority_id");--> statement-breakpoint
CREATE INDEX "user_roles_organisation_idx" ON "user_roles" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_authority_idx" ON "webhook_endpoints" USING btree ("authority_id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_organisation_idx" ON "webhook_endpoints" USING btree ("organisation_id");