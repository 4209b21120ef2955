-- SPDX-FileCopyrightText: 2026 aiframe contributors
-- SPDX-License-Identifier: MPL-2.0
--
-- The Acme demo shop: a handful of orders to verify callers against, look up and
-- refund. Built into SQLite at first use, outside the source tree.

CREATE TABLE orders (
    order_id      TEXT PRIMARY KEY,
    customer_name TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    email         TEXT NOT NULL,
    postcode      TEXT NOT NULL,
    status        TEXT NOT NULL,
    placed_on     TEXT NOT NULL,   -- ISO date
    delivery_date TEXT NOT NULL,   -- ISO date: the estimate, or when it was delivered
    total         REAL NOT NULL,
    items         TEXT NOT NULL,   -- JSON array of item names
    address       TEXT NOT NULL
);

CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders(order_id),
    amount          REAL NOT NULL CHECK (amount > 0),
    reason          TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL DEFAULT (datetime('now'))
);

INSERT INTO orders VALUES
  ('AB123456', 'Jane Doe', 'Jane', 'jane.doe@example.com', 'SW1A 1AA', 'on its way',
   '2026-03-02', '2026-03-14', 45.99, '["blue kettle"]', '12 Elm Street, London'),
  ('CD234567', 'Sam Patel', 'Sam', 'sam.patel@example.com', 'EC1A 1BB', 'delivered',
   '2026-02-12', '2026-02-20', 129.00, '["desk lamp", "two bulbs"]', '4 Mill Lane, London'),
  ('EF345678', 'Maria Garcia', 'Maria', 'maria@example.org', 'M1 1AE', 'being prepared',
   '2026-03-08', '2026-03-20', 19.50, '["notebook set"]', '7 Canal Street, Manchester'),
  ('GH456789', 'Tom Smith', 'Tom', 'tom.smith@example.net', '90210', 'out for delivery',
   '2026-03-05', '2026-03-11', 74.25, '["running shoes"]', '221 Palm Drive, Beverly Hills'),
  ('JK567890', 'Ana Lee', 'Ana', 'ana.lee@example.com', 'EH1 1YZ', 'delayed',
   '2026-02-27', '2026-03-25', 32.00, '["tea sampler"]', '9 Castle Wynd, Edinburgh');
