CREATE TABLE "application_state_counts" (
	"authority_id" text NOT NULL,
	"state" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "application_state_counts_authority_id_state_pk" PRIMARY KEY("authority_id","state")
);
