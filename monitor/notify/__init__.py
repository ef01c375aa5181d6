"""Alert channels and the delivery outbox (the imperative shell of alerting)."""
