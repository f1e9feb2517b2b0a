// Driver adapter for the Prisma CLI's wasm schema engine (migrate deploy / status).
// Works around prisma/orm#27403: the wasm engine cannot deserialize PostgreSQL's `name` type,
// so result fields of type name (oid 19) and name[] (1003) are reported as text (25) / text[] (1009).

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME_OID = 19,
  NAME_ARRAY_OID = 1003,
  TEXT_OID = 25,
  TEXT_ARRAY_OID = 1009;

class NameAsTextPool extends pg.Pool {
  async query(...args) {
    const result = await super.query(...args);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
      else if (field.dataTypeID === NAME_ARRAY_OID) field.dataTypeID = TEXT_ARRAY_OID;
    }
    return result;
  }
}

export function migrationAdapter(connectionString) {
  return new PrismaPg(new NameAsTextPool({ connectionString }));
}
