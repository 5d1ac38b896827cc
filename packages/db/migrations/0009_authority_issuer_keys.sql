CREATE TABLE "authority_issuer_keys" (
	"authority_id" text NOT NULL,
	"kid" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_key_ciphertext" "bytea" NOT NULL,
	"private_key_nonce" "bytea" NOT NULL,
	"wrapped_data_key" "bytea" NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	"not_after" timestamp with time zone,
	CONSTRAINT "authority_issuer_keys_authority_id_kid_pk" PRIMARY KEY("authority_id","kid"),
	CONSTRAINT "authority_issuer_keys_retired_check" CHECK (("authority_issuer_keys"."retired_at" is null) = ("authority_issuer_keys"."not_after" is null))
);
--> statement-breakpoint
ALTER TABLE "authority_issuer_keys" ADD CONSTRAINT "authority_issuer_keys_authority_id_authorities_id_fk" FOREIGN KEY ("authority_id") REFERENCES "public"."authorities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "authority_issuer_keys_current_idx" ON "authority_issuer_keys" USING btree ("authority_id") WHERE "authority_issuer_keys"."retired_at" is null;--> statement-breakpoint
CREATE INDEX "authority_issuer_keys_not_after_idx" ON "authority_issuer_keys" USING btree ("authority_id","not_after");