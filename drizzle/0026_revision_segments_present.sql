-- Fails on a database where SQL once wrote a revision with a missing segment (the app never
-- does): that revision's text must be repaired by hand first, since no reader can take it.
ALTER TABLE "post_revisions" ADD CONSTRAINT "post_revisions_segments_check" CHECK (array_position(segments, NULL) IS NULL);
