-- Runs before the table gains its checkpoint columns (segment, checkpoint_hours NOT NULL), which
-- PostgreSQL can only add to an empty table. The rows of the old collector are dropped rather
-- than converted: it read only a thread's first post, at whatever run came next, and stored the
-- sandbox's zeros as if measured; the new collector takes every missing checkpoint of every
-- published post again (marked late, with its real time), so each post keeps a full curve.
-- Guarded, so running it after the reshape (or twice) deletes nothing.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'metric_snapshots'
      AND column_name = 'checkpoint_hours'
  ) THEN
    DELETE FROM metric_snapshots;
  END IF;
END $$;
