"""The Members area: the register list, a member with the ledger as a timeline, actions."""
