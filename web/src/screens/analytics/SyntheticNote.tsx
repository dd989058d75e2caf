import { Badge } from '../../ui/badges';

/** Sandbox channels' metrics are made up: wherever they are counted, the screen says so. */
export function SyntheticNote({ synthetic }: { synthetic: boolean }) {
  if (!synthetic) return null;
  return (
    <p className="synthetic-note" role="note">
      <Badge tone="warn">synthetic</Badge> Includes synthetic metrics from sandbox channels, not
      real audience data.
    </p>
  );
}
