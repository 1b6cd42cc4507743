import { FormatRegistry } from "@sinclair/typebox";

const EMAIL =
  /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

const isUri = (value: string) => SCHEME.test(value) && URL.canParse(value);

const formats: Record<string, (value: string) => boolean> = {
  email: (value) => value.length <= 254 && EMAIL.test(value),
  uri: isUri,
  url: isUri,
  uuid: (value) => UUID.test(value),
  "date-time": (value) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
};

/**
 * Registers the string formats `email`, `uri`, `url`, `uuid` and `date-time` with TypeBox
 * (formats the application registered first are kept). Runs once when the ORM is imported.
 */
export function registerFormats(): void {
  for (const [name, check] of Object.entries(formats)) {
    if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
  }
}
