ALTER TABLE "quotes" DROP CONSTRAINT "quotes_status_check";--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_void_reason_check" CHECK (("quotes"."status" = 'void') = ("quotes"."void_reason" is not null));--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_status_check" CHECK ("quotes"."status" in ('open', 'paid', 'expired', 'superseded', 'void'));