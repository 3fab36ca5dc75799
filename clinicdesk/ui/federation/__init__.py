"""The Federation area: standards, the outbox, courses and the link to the hub."""
