"""The Training area: the compliance matrix, my training with the course player,
expiring soon, and the staff list."""
