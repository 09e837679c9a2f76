ALTER TABLE "plan_goal_acknowledgements" DROP CONSTRAINT "plan_goal_acknowledgements_goal_id_plan_goals_id_fk";
--> statement-breakpoint
ALTER TABLE "plan_goal_acknowledgements" ALTER COLUMN "goal_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_goal_acknowledgements" ADD CONSTRAINT "plan_goal_acknowledgements_goal_id_plan_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."plan_goals"("id") ON DELETE set null ON UPDATE no action;