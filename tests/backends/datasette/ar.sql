-- Fenwick Marine's receivables ledger, as a small SQLite invoicing system keeps it and
-- Datasette publishes it. Amounts on the ledger are whole pence; receipts imported from
-- the bank keep the bank's decimal text. Dates are ISO days, instants SQLite's own
-- 'YYYY-MM-DD HH:MM:SS' in UTC. Flags are 0 and 1. Lists live in their own tables; the
-- views the portal reads gather them as JSON text.

CREATE TABLE customers (
  customer_no TEXT PRIMARY KEY,
  account_ref TEXT NOT NULL,
  trading_name TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance_pence INTEGER NOT NULL,
  overdue_pence INTEGER NOT NULL,
  disputed_pence INTEGER NOT NULL,
  not_due_pence INTEGER NOT NULL,
  credit_limit_pence INTEGER NOT NULL,
  available_pence INTEGER NOT NULL,
  on_hold INTEGER NOT NULL DEFAULT 0,
  figures_on TEXT NOT NULL
);

CREATE TABLE invoices (
  invoice_no TEXT PRIMARY KEY,
  customer_no TEXT NOT NULL REFERENCES customers(customer_no),
  invoice_ref TEXT NOT NULL,
  currency TEXT NOT NULL,
  invoice_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  customer_po TEXT,
  net_pence INTEGER NOT NULL,
  vat_pence INTEGER NOT NULL,
  gross_pence INTEGER NOT NULL,
  paid_pence INTEGER NOT NULL DEFAULT 0,
  voided INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE invoice_lines (
  invoice_no TEXT NOT NULL REFERENCES invoices(invoice_no),
  line_no INTEGER NOT NULL,
  description TEXT NOT NULL,
  quantity NUMERIC NOT NULL,
  unit_price_pence INTEGER NOT NULL,
  net_pence INTEGER NOT NULL,
  vat_pence INTEGER NOT NULL,
  PRIMARY KEY (invoice_no, line_no)
);

-- Any change to an invoice or its lines moves the invoice's updated_at, so a reader can
-- ask for what changed since it last looked.
CREATE TRIGGER invoices_touched AFTER UPDATE ON invoices
WHEN NEW.updated_at = OLD.updated_at
BEGIN
  UPDATE invoices SET updated_at = datetime('now') WHERE invoice_no = NEW.invoice_no;
END;

CREATE TRIGGER invoice_lines_touched AFTER UPDATE ON invoice_lines
BEGIN
  UPDATE invoices SET updated_at = datetime('now') WHERE invoice_no = NEW.invoice_no;
END;

CREATE VIEW invoice_documents AS
SELECT
  i.*,
  (SELECT json_group_array(json_object(
     'line_no', l.line_no, 'description', l.description, 'quantity', l.quantity,
     'unit_price_pence', l.unit_price_pence, 'net_pence', l.net_pence, 'vat_pence', l.vat_pence))
   FROM (SELECT * FROM invoice_lines WHERE invoice_no = i.invoice_no ORDER BY line_no) AS l
  ) AS lines
FROM invoices AS i;

CREATE TABLE receipts (
  receipt_no TEXT PRIMARY KEY,
  customer_no TEXT NOT NULL REFERENCES customers(customer_no),
  currency TEXT NOT NULL,
  amount TEXT NOT NULL,
  received_at TEXT NOT NULL,
  method TEXT NOT NULL,
  status TEXT NOT NULL,
  bank_ref TEXT
);

CREATE TABLE disputes (
  dispute_id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_no TEXT NOT NULL REFERENCES customers(customer_no),
  invoice_no TEXT NOT NULL REFERENCES invoices(invoice_no),
  currency TEXT NOT NULL,
  disputed_pence INTEGER NOT NULL,
  reason TEXT NOT NULL,
  notes TEXT,
  status TEXT NOT NULL DEFAULT 'new',
  source TEXT,
  withdrawal_reason TEXT,
  raised_at TEXT NOT NULL DEFAULT (datetime('now')),
  portal_ref TEXT UNIQUE
);

CREATE TABLE plan_terms (
  customer_no TEXT PRIMARY KEY REFERENCES customers(customer_no),
  currency TEXT NOT NULL,
  min_instalment_pence INTEGER NOT NULL,
  max_instalments INTEGER NOT NULL,
  max_months INTEGER NOT NULL,
  frequencies TEXT NOT NULL,
  first_payment_within_days INTEGER NOT NULL,
  rounding TEXT NOT NULL,
  lapse_rule TEXT NOT NULL,
  promise_window_days INTEGER NOT NULL,
  terms_version TEXT NOT NULL
);

CREATE TABLE payment_arrangements (
  arrangement_no TEXT PRIMARY KEY,
  customer_no TEXT NOT NULL REFERENCES customers(customer_no),
  currency TEXT NOT NULL,
  frequency TEXT NOT NULL,
  principal_pence INTEGER NOT NULL,
  total_pence INTEGER NOT NULL,
  status TEXT NOT NULL,
  terms_version TEXT NOT NULL,
  agreed_at TEXT NOT NULL,
  agreed_via TEXT NOT NULL
);

CREATE TABLE arrangement_instalments (
  arrangement_no TEXT NOT NULL REFERENCES payment_arrangements(arrangement_no),
  seq INTEGER NOT NULL,
  due_on TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  paid_pence INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  PRIMARY KEY (arrangement_no, seq)
);

CREATE VIEW arrangements AS
SELECT
  a.*,
  (SELECT json_group_array(json_object(
     'seq', s.seq, 'due_on', s.due_on, 'amount_pence', s.amount_pence,
     'paid_pence', s.paid_pence, 'status', s.status))
   FROM (SELECT * FROM arrangement_instalments WHERE arrangement_no = a.arrangement_no ORDER BY seq) AS s
  ) AS instalments
FROM payment_arrangements AS a;

-- What customers ask for in the portal; credit control turns an accepted request into
-- an arrangement.
CREATE TABLE arrangement_requests (
  request_id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_no TEXT NOT NULL,
  invoice_nos TEXT,
  currency TEXT NOT NULL,
  amount_pence INTEGER NOT NULL,
  frequency TEXT NOT NULL,
  first_payment_on TEXT NOT NULL,
  size TEXT NOT NULL,
  terms_version TEXT NOT NULL,
  agreed_at TEXT NOT NULL,
  agreed_via TEXT NOT NULL,
  received_at TEXT NOT NULL DEFAULT (datetime('now')),
  portal_ref TEXT UNIQUE
);

CREATE TABLE contact_preferences (
  customer_no TEXT PRIMARY KEY REFERENCES customers(customer_no),
  channels TEXT NOT NULL,
  opted_out TEXT NOT NULL DEFAULT '[]',
  time_zone TEXT NOT NULL,
  language TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (datetime('now'))
);

INSERT INTO customers VALUES
  ('C-2041', '2041-GB', 'Fenwick Marine Supplies Ltd', 'GBP', 151500, 54000, 9000, 97500, 400000, 248500, 0, '2024-05-31'),
  ('C-3100', '3100-IE', 'Lough Boats Teoranta', 'EUR', 72000, 0, 0, 72000, 200000, 128000, 0, '2024-05-31');

INSERT INTO invoices VALUES
  ('SI-29980', 'C-2041', 'FM-29980', 'GBP', '2024-02-12', '2024-03-13', NULL, 25000, 5000, 30000, 30000, 0, '2024-03-11 09:45:00'),
  ('SI-30001', 'C-2041', 'FM-30001', 'GBP', '2024-03-01', '2024-03-31', NULL, 10000, 2000, 12000, 0, 1, '2024-03-04 16:10:00'),
  ('SI-30017', 'C-2041', 'FM-30017', 'GBP', '2024-04-02', '2024-05-02', 'PO-5512', 45000, 9000, 54000, 0, 0, '2024-04-02 08:30:00'),
  ('SI-30042', 'C-2041', 'FM-30042', 'GBP', '2024-05-10', '2024-06-09', NULL, 81250, 16250, 97500, 0, 0, '2024-05-10 12:00:00'),
  ('SI-30050', 'C-3100', 'FM-30050', 'EUR', '2024-05-12', '2024-06-11', NULL, 58537, 13463, 72000, 0, 0, '2024-05-12 10:00:00');

INSERT INTO invoice_lines VALUES
  ('SI-29980', 1, 'Deck fittings, stainless', 10, 2500, 25000, 5000),
  ('SI-30001', 1, 'Fenders (issued in error)', 4, 2500, 10000, 2000),
  ('SI-30017', 1, 'Mooring rope, 50 m', 3, 12000, 36000, 7200),
  ('SI-30017', 2, 'Delivery to Amble marina', 1, 9000, 9000, 1800),
  ('SI-30042', 1, 'Marine varnish, 5 l', 25, 3250, 81250, 16250),
  ('SI-30050', 1, 'Outboard service kit', 1, 58537, 58537, 13463);

INSERT INTO receipts VALUES
  ('RC-8807', 'C-2041', 'GBP', '120.00', '2024-02-20 10:02:00', 'BACS', 'cleared', 'FM-29950'),
  ('RC-8812', 'C-2041', 'GBP', '300.00', '2024-03-11 09:42:00', 'BACS', 'cleared', 'FM-29980'),
  ('RC-8840', 'C-2041', 'GBP', '45.50', '2024-05-20 15:31:00', 'CARD', 'returned', 'FM-30017'),
  ('RC-8850', 'C-3100', 'EUR', '500.00', '2024-05-21 09:00:00', 'SEPA', 'cleared', NULL);

INSERT INTO disputes (customer_no, invoice_no, currency, disputed_pence, reason, notes, status, source, raised_at) VALUES
  ('C-2041', 'SI-30017', 'GBP', 9000, 'pricing', 'Delivery was quoted free over £400.', 'investigating', 'phone', '2024-05-06 11:20:00');

INSERT INTO plan_terms VALUES
  ('C-2041', 'GBP', 2000, 6, 6, '["fortnightly", "monthly"]', 28, 'bankers', 'An arrangement lapses when a payment is 10 days late.', 14, 'FMS-T3'),
  ('C-3100', 'EUR', 5000, 4, 4, '["monthly"]', 14, 'bankers', 'An arrangement lapses when a payment is 10 days late.', 14, 'FMS-T3');

INSERT INTO payment_arrangements VALUES
  ('PA-77', 'C-3100', 'EUR', 'M', 40000, 40000, 'live', 'FMS-T2', '2024-01-15 10:00:00', 'phone');

INSERT INTO arrangement_instalments VALUES
  ('PA-77', 1, '2024-02-15', 20000, 20000, 'paid'),
  ('PA-77', 2, '2024-03-15', 20000, 0, 'late');

INSERT INTO contact_preferences (customer_no, channels, opted_out, time_zone, language, updated_at) VALUES
  ('C-2041', '{"payment_reminders": ["email"], "statements": ["post"], "dispute_updates": ["email", "in_app"], "plan_updates": ["email"]}', '["phone"]', 'Europe/London', 'en-GB', '2024-01-08 09:00:00'),
  ('C-3100', '{"payment_reminders": ["email"], "statements": ["email"], "dispute_updates": ["email"], "plan_updates": ["email"]}', '[]', 'Europe/Dublin', 'en-IE', '2024-01-08 09:00:00');
