-- Portable across SQLite and PostgreSQL: TEXT ids, BIGINT integers and flags,
-- decimal amounts as TEXT (never floating point), dates as ISO 8601 TEXT.

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    credit_limit TEXT NOT NULL,
    on_stop BIGINT NOT NULL DEFAULT 0
);

-- Which customers may see which accounts (a B2B user may reach several).
CREATE TABLE account_holders (
    customer_id TEXT NOT NULL REFERENCES customers (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (customer_id, account_id)
);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    total TEXT NOT NULL,
    paid TEXT NOT NULL
);
CREATE INDEX invoices_by_account ON invoices (account_id);

-- One-time sign-in codes, stored hashed.
CREATE TABLE sign_in_codes (
    email TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);

-- Sessions, keyed by the hash of the cookie's token.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    expires_at BIGINT NOT NULL
);

-- What sync serves: the latest JSON of every record a customer may see, with the
-- global version at which it last changed. Deletions stay as tombstones.
CREATE TABLE records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    deleted BIGINT NOT NULL DEFAULT 0,
    data TEXT,
    PRIMARY KEY (kind, id)
);
CREATE INDEX records_by_account_version ON records (account_id, version);

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('sync_version', 0);
