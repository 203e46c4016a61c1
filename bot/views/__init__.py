"""Block Kit views, one module per feature (shared by Slack and `careerpath shell`)."""
