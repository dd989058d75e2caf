import { Transform } from 'class-transformer';

/** `?theme=a&theme=b` and `?theme=a,b` both become ['a', 'b']. */
export const QueryList = () =>
  Transform(({ value }: { value: unknown }) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
      .map((v) => (typeof v === 'string' ? v.trim() : v))
      .filter((v) => v !== ''),
  );

/** `?usableNow=true|false`; anything else stays a string and fails @IsBoolean. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
