"""What the office receives without opening the dashboard: the weekly digest, advisory-note drafts, e-mail."""
