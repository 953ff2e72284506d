# Replies and their moderation arrive with the comments issue (SPEC §4).
