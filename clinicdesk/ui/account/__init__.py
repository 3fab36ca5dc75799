"""The My-account area: who is signed in, and changing one's own password."""
