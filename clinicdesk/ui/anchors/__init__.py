"""The Anchors area: organisations and their contracts, roster imports and the review of
uncertain matches, the monthly invoices with payments and PDFs (issue #15)."""
