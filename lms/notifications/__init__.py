"""In-app notifications and the e-mail outbox (sent after commit, outside the request)."""
