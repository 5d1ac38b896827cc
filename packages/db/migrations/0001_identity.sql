CREATE TABLE "application_documents" (
	"application_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "application_documents_pkey" PRIMARY KEY("application_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "credential_disclosures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"credential_id" uuid,
	"request_id" uuid,
	"product_id" text NOT NULL,
	"authority_id" text NOT NULL,
	"claims" jsonb NOT NULL,
	"applicant_ciphertext" "bytea",
	"applicant_nonce" "bytea",
	"applicant_wrapped_key" "bytea",
	"applicant_master_key_id" text,
	"application_id" uuid,
	"presented_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credential_disclosures_applicant_check" CHECK (("credential_disclosures"."applicant_ciphertext" is null) = ("credential_disclosures"."applicant_nonce" is null) and ("credential_disclosures"."applicant_ciphertext" is null) = ("credential_disclosures"."applicant_wrapped_key" is null) and ("credential_disclosures"."applicant_ciphertext" is null) = ("credential_disclosures"."applicant_master_key_id" is null))
);
--> statement-breakpoint
CREATE TABLE "document_access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"document_id" uuid NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"purpose" text NOT NULL,
	"application_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_access_log_actor_role_check" CHECK ("document_access_log"."actor_role" in ('traveller', 'officer', 'org_admin', 'support', 'operator', 'kyc_reviewer', 'api_key')),
	CONSTRAINT "document_access_log_purpose_check" CHECK ("document_access_log"."purpose" in ('owner', 'kyc_check', 'kyc_review', 'application_review'))
);
--> statement-breakpoint
CREATE TABLE "identity_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"verification_id" uuid,
	"status_list_id" integer NOT NULL,
	"status_index" integer NOT NULL,
	"holder_jwk" jsonb,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"revoked_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_credentials_status_key" UNIQUE("status_list_id","status_index"),
	CONSTRAINT "identity_credentials_status_index_check" CHECK ("identity_credentials"."status_index" >= 0),
	CONSTRAINT "identity_credentials_revocation_reason_check" CHECK ("identity_credentials"."revocation_reason" in ('lost', 'fraud', 'holder_request', 'superseded', 'account_deleted')),
	CONSTRAINT "identity_credentials_revocation_check" CHECK (("identity_credentials"."revoked_at" is null) = ("identity_credentials"."revocation_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "identity_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cid" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"verification_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "identity_documents_kind_check" CHECK ("identity_documents"."kind" in ('passport_bio_page', 'photo')),
	CONSTRAINT "identity_documents_size_check" CHECK ("identity_documents"."size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "identity_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"outcome" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fingerprint" text,
	"identity_ciphertext" "bytea" NOT NULL,
	"identity_nonce" "bytea" NOT NULL,
	"identity_wrapped_key" "bytea" NOT NULL,
	"identity_master_key_id" text NOT NULL,
	"provider" text,
	"provider_reference" text,
	"provider_result" jsonb,
	"checked_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_decision" text,
	"review_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_verifications_status_check" CHECK ("identity_verifications"."status" in ('passed', 'flagged', 'failed')),
	CONSTRAINT "identity_verifications_outcome_check" CHECK ("identity_verifications"."outcome" in ('passed', 'flagged', 'failed')),
	CONSTRAINT "identity_verifications_review_decision_check" CHECK ("identity_verifications"."review_decision" in ('pass', 'fail')),
	CONSTRAINT "identity_verifications_review_check" CHECK (("identity_verifications"."review_decision" is null) = ("identity_verifications"."reviewed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "presentation_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"product_id" text NOT NULL,
	"authority_id" text NOT NULL,
	"nonce" text NOT NULL,
	"audience" text NOT NULL,
	"required_claims" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presentation_requests_nonce_unique" UNIQUE("nonce")
);
--> statement-breakpoint
CREATE TABLE "status_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"bits" integer NOT NULL,
	"size" integer NOT NULL,
	"lst" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_lists_bits_check" CHECK ("status_lists"."bits" in (1, 2, 4, 8)),
	CONSTRAINT "status_lists_size_check" CHECK ("status_lists"."size" > 0)
);
--> statement-breakpoint
ALTER TABLE "application_events" DROP CONSTRAINT "application_events_actor_role_check";--> statement-breakpoint
ALTER TABLE "user_roles" DROP CONSTRAINT "user_roles_role_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_document_id_identity_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."identity_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_disclosures" ADD CONSTRAINT "credential_disclosures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_disclosures" ADD CONSTRAINT "credential_disclosures_credential_id_identity_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."identity_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_disclosures" ADD CONSTRAINT "credential_disclosures_request_id_presentation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."presentation_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_disclosures" ADD CONSTRAINT "credential_disclosures_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_disclosures" ADD CONSTRAINT "credential_disclosures_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_disclosures" ADD CONSTRAINT "credential_disclosures_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_access_log" ADD CONSTRAINT "document_access_log_document_id_identity_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."identity_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_access_log" ADD CONSTRAINT "document_access_log_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_credentials" ADD CONSTRAINT "identity_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_credentials" ADD CONSTRAINT "identity_credentials_verification_id_identity_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."identity_verifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_credentials" ADD CONSTRAINT "identity_credentials_status_list_id_status_lists_id_fk" FOREIGN KEY ("status_list_id") REFERENCES "public"."status_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_documents" ADD CONSTRAINT "identity_documents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_documents" ADD CONSTRAINT "identity_documents_verification_id_identity_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."identity_verifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_requests" ADD CONSTRAINT "presentation_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_requests" ADD CONSTRAINT "presentation_requests_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_requests" ADD CONSTRAINT "presentation_requests_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_documents_document_idx" ON "application_documents" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "credential_disclosures_user_idx" ON "credential_disclosures" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "document_access_log_document_idx" ON "document_access_log" USING btree ("document_id","at");--> statement-breakpoint
CREATE INDEX "identity_credentials_user_idx" ON "identity_credentials" USING btree ("user_id","issued_at");--> statement-breakpoint
CREATE INDEX "identity_documents_user_idx" ON "identity_documents" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_documents_verification_idx" ON "identity_documents" USING btree ("verification_id");--> statement-breakpoint
CREATE INDEX "identity_verifications_user_idx" ON "identity_verifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_verifications_fingerprint_idx" ON "identity_verifications" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "identity_verifications_review_idx" ON "identity_verifications" USING btree ("created_at") WHERE "identity_verifications"."status" = 'flagged';--> statement-breakpoint
CREATE INDEX "presentation_requests_user_idx" ON "presentation_requests" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_actor_role_check" CHECK ("application_events"."actor_role" in ('traveller', 'officer', 'org_admin', 'support', 'operator', 'kyc_reviewer', 'system', 'indexer', 'api_key'));--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_role_check" CHECK ("user_roles"."role" in ('traveller', 'officer', 'org_admin', 'support', 'operator', 'kyc_reviewer'));