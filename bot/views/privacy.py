"""Your data: the confirmation before `/careerpath forget` deletes it."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock

from bot.views.blocks import Reply, button, section


def forget_confirm() -> Reply:
    return Reply(
        "Delete all your careerpath data?",
        [
            section(
                "🗑️ *Delete all your careerpath data?* Your progress, certifications, CE "
                "hours, reminder history, mentorships and cohort memberships are removed for "
                "good. `/careerpath export` first if you want a copy."
            ),
            ActionsBlock(
                block_id="forget",
                elements=[
                    button("Delete my data", "forget_confirm", "yes", style="danger"),
                    button("Cancel", "forget_cancel", "no"),
                ],
            ),
        ],
    )
