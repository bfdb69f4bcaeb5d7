-- Portable across SQLite and PostgreSQL, like 0001.
--
-- Every customer-visible record (invoice, payment, dispute, plan, ...) is kept once, as
-- the JSON of its settle-core type, in `records`: the same row sync serves. The tables
-- below hold only what customers never see in sync.

-- Records that belong to a customer rather than an account (contact preferences).
-- Account records keep customer_id empty; customer records keep account_id empty.
ALTER TABLE records ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
CREATE INDEX records_by_customer_version ON records (customer_id, version);
CREATE INDEX records_by_account_kind ON records (account_id, kind);

-- Why an account is on stop and what gets it off, in the creditor's words.
ALTER TABLE accounts ADD COLUMN on_stop_reason TEXT;
ALTER TABLE accounts ADD COLUMN on_stop_remedy TEXT;

-- Idempotency keys (IETF Idempotency-Key draft). A row is written as "in flight" before
-- the change runs, and completed with the response in the transaction that makes the
-- change. Kept at least 30 days: an offline outbox may hold an action that long.
CREATE TABLE idempotency_keys (
    customer_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    completed BIGINT NOT NULL DEFAULT 0,
    status BIGINT,
    content_type TEXT,
    response_headers TEXT,
    body TEXT,
    PRIMARY KEY (customer_id, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- Uploaded photos and documents, by the id the app gave them.
CREATE TABLE attachments (
    customer_id TEXT NOT NULL REFERENCES customers (id),
    id TEXT NOT NULL,
    meta TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (customer_id, id)
);

-- Statement PDFs the creditor uploaded.
CREATE TABLE statement_pdfs (
    statement_id TEXT PRIMARY KEY,
    content BYTEA NOT NULL
);

-- Hardship forms and feedback: for the creditor's people, not synced back.
CREATE TABLE help_requests (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Hosted checkouts at the test payment provider. The id is the capability: it is random
-- and only ever given to the customer who started the checkout.
CREATE TABLE checkouts (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    data TEXT NOT NULL,
    state TEXT NOT NULL,
    payment_id TEXT,
    created_at BIGINT NOT NULL
);

-- Sign-in code requests, for rate limits per address and per client address.
CREATE TABLE code_requests (
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX code_requests_by_subject ON code_requests (subject, at);
