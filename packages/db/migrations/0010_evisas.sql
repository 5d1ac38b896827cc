CREATE TABLE "evisas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"authority_id" text NOT NULL,
	"kid" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"nonce" "bytea" NOT NULL,
	"wrapped_data_key" "bytea" NOT NULL,
	"master_key_id" text NOT NULL,
	"status_list_id" integer NOT NULL,
	"status_index" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"reference" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"revoked_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evisas_application_key" UNIQUE("application_id"),
	CONSTRAINT "evisas_status_key" UNIQUE("status_list_id","status_index"),
	CONSTRAINT "evisas_status_index_check" CHECK ("evisas"."status_index" >= 0),
	CONSTRAINT "evisas_validity_check" CHECK ("evisas"."valid_from" <= "evisas"."valid_until"),
	CONSTRAINT "evisas_revocation_check" CHECK (("evisas"."revoked_at" is null) = ("evisas"."revoke_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "status_lists" ADD COLUMN "authority_id" text;--> statement-breakpoint
ALTER TABLE "evisas" ADD CONSTRAINT "evisas_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evisas" ADD CONSTRAINT "evisas_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evisas" ADD CONSTRAINT "evisas_status_list_id_status_lists_id_fk" FOREIGN KEY ("status_list_id") REFERENCES "public"."status_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evisas_authority_idx" ON "evisas" USING btree ("authority_id","issued_at");--> statement-breakpoint
ALTER TABLE "status_lists" ADD CONSTRAINT "status_lists_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_lists_authority_idx" ON "status_lists" USING btree ("authority_id","id");