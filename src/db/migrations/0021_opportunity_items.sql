-- Products of interest of an opportunity (src/modules/sales/opportunity-items.ts): lines like a quotation's,
-- [{id, itemId, description, qty, unit, rate, discountPercent, amount}]; while there are any, the opportunity's
-- amount is their sum, and a quotation made from the opportunity starts with them.
ALTER TABLE opportunities ADD COLUMN items jsonb NOT NULL DEFAULT '[]';
