-- Every attempt row is written twice: inserted by its claim, then updated once with its outcome.
-- Filled to the brim, a page has no room for the updated row, which then goes to another page
-- and into each of the table's three indexes (in a bench:publish burst, 83-88 % of the updates).
-- Half-filled pages keep the update on its page, with no index entry (a HOT update). Pages
-- written before this keep their fill.
ALTER TABLE "publish_attempts" SET (fillfactor = 50);
